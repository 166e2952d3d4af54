using System.Diagnostics;
using System.Globalization;
using CxGrains.Abstractions.Journal;
using CxGrains.TestingHost;
using Npgsql;
using NpgsqlTypes;
using Xunit.Abstractions;
using static CxGrains.Persistence.Tests.JournalEntries;

namespace CxGrains.Persistence.Tests;

/// <summary>
/// Group-append throughput with durability on (PostgreSQL with fsync and synchronous commit, which
/// the shared test server turns off; SQLite with FlushEveryWrite), written to the test output.
/// Also compares the one-statement unnest append with binary COPY into a temporary table.
/// </summary>
public sealed class EventJournalThroughputTests(ITestOutputHelper output)
{
    private const int EntriesPerCommit = 5_000;
    private const int Commits = 10;
    private const int PayloadBytes = 300;

    [Fact]
    public async Task Group_appends_to_a_durable_PostgreSQL()
    {
        await using var server = await PostgresServer.StartAsync(durable: true);
        var database = await server.CreateDatabaseAsync();
        Assert.Equal("on", await ShowAsync(database, "fsync"));
        Assert.Equal("on", await ShowAsync(database, "synchronous_commit"));
        await using var dataSource = NpgsqlDataSource.Create(database);
        var store = new PostgresEventJournalStore(dataSource, "svc");

        // One warm-up commit each, then alternate so both see the same cache and WAL state.
        var unnest = TimeSpan.Zero;
        var copy = TimeSpan.Zero;
        await store.AppendAsync(Group("warm-unnest", 0));
        await CopyAppendAsync(dataSource, Group("warm-copy", 0));
        for (var commit = 1; commit <= Commits; commit++)
        {
            unnest += await TimeAsync(() => store.AppendAsync(Group("unnest", commit)));
            copy += await TimeAsync(() => CopyAppendAsync(dataSource, Group("copy", commit)));
        }

        Report("PostgreSQL, fsync on, unnest", unnest);
        Report("PostgreSQL, fsync on, COPY + INSERT", copy);
        Assert.Equal(Commits * 10, (await store.ReadCustomerAsync("unnest-c-7", 0)).Count);
        Assert.Equal(Commits * 10, (await store.ReadCustomerAsync("copy-c-7", 0)).Count);
    }

    [Fact]
    public async Task Group_appends_to_SQLite_flushing_every_commit()
    {
        using var directory = new TempDirectory("cx-journal-throughput");
        await using var host = await JournalHost.StartAsync("svc", null, builder =>
        {
            builder.AddCxSqliteGrainStorage(StorageHost.ProviderName, options =>
            {
                options.DataSource = directory.Combine("grains.db");
                options.FlushEveryWrite = true;
            });
            builder.Services.AddCxSqliteEventJournal(StorageHost.ProviderName);
        });

        await host.Store.AppendAsync(Group("warm", 0));
        var elapsed = TimeSpan.Zero;
        for (var commit = 1; commit <= Commits; commit++)
        {
            elapsed += await TimeAsync(() => host.Store.AppendAsync(Group("sqlite", commit)));
        }

        Report("SQLite, synchronous=FULL", elapsed);
        Assert.Equal(Commits * 10, (await host.Store.ReadCustomerAsync("sqlite-c-7", 0)).Count);
    }

    // 500 customers, 10 entries each: the shape of a busy silo's group.
    private static JournalEntry[] Group(string prefix, int commit) =>
        Enumerable.Range(0, EntriesPerCommit)
            .Select(i => Entry($"{prefix}-c-{i % 500}", (commit * 10) + (i / 500) + 1, payloadBytes: PayloadBytes))
            .ToArray();

    private static async Task<TimeSpan> TimeAsync(Func<Task> append)
    {
        var started = Stopwatch.GetTimestamp();
        await append();
        return Stopwatch.GetElapsedTime(started);
    }

    private void Report(string what, TimeSpan elapsed) =>
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{what}: {Commits} commits of {EntriesPerCommit} entries ({PayloadBytes} B payload) in {elapsed.TotalMilliseconds:F0} ms, {Commits * EntriesPerCommit / elapsed.TotalSeconds:F0} entries/s, {elapsed.TotalMilliseconds / Commits:F1} ms per commit"));

    // The alternative to the unnest statement: binary COPY into a temporary table, then the same
    // INSERT … ON CONFLICT DO NOTHING RETURNING from it, in one transaction.
    private static async Task CopyAppendAsync(NpgsqlDataSource dataSource, IReadOnlyList<JournalEntry> entries)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS journal_in (customer_id text, sequence bigint, journaled_on date, event_id text, touchpoint_id text, occurred_at_ticks bigint, journaled_at_ticks bigint, payload bytea) ON COMMIT DELETE ROWS",
            connection,
            transaction))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync("COPY journal_in FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var entry in entries)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(entry.CustomerId, NpgsqlDbType.Text);
                await writer.WriteAsync(entry.Sequence, NpgsqlDbType.Bigint);
                await writer.WriteAsync(DateOnly.FromDateTime(new DateTime(entry.JournaledAtTicks, DateTimeKind.Utc)), NpgsqlDbType.Date);
                await writer.WriteAsync(entry.EventId, NpgsqlDbType.Text);
                await writer.WriteAsync(entry.TouchpointId, NpgsqlDbType.Text);
                await writer.WriteAsync(entry.OccurredAtTicks, NpgsqlDbType.Bigint);
                await writer.WriteAsync(entry.JournaledAtTicks, NpgsqlDbType.Bigint);
                await writer.WriteAsync(entry.Payload, NpgsqlDbType.Bytea);
            }

            await writer.CompleteAsync();
        }

        await using (var insert = new NpgsqlCommand(
            "INSERT INTO cx_event_journal (service_id, customer_id, sequence, journaled_on, event_id, touchpoint_id, occurred_at_ticks, journaled_at_ticks, payload) SELECT 'svc', * FROM journal_in ON CONFLICT DO NOTHING RETURNING customer_id, sequence",
            connection,
            transaction))
        await using (var reader = await insert.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
            }
        }

        await transaction.CommitAsync();
    }

    private static async Task<string> ShowAsync(string connectionString, string setting)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
