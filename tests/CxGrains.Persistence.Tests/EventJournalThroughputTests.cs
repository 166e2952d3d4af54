using System.Diagnostics;
using System.Globalization;
using CxGrains.Abstractions.Journal;
using CxGrains.TestingHost;
using Npgsql;
using Xunit.Abstractions;
using static CxGrains.Persistence.Tests.JournalEntries;

namespace CxGrains.Persistence.Tests;

/// <summary>
/// Group-append throughput with durability on (PostgreSQL with fsync and synchronous commit, which
/// the shared test server turns off; SQLite with FlushEveryWrite), written to the test output.
/// Also compares the store's append (one binary COPY) with the INSERT … unnest … ON CONFLICT statement it replaced,
/// which the store still runs for a group that meets a taken key.
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
        var copy = TimeSpan.Zero;
        var unnest = TimeSpan.Zero;
        await store.AppendAsync(Group("warm-copy", 0));
        await InsertAsync(store, "warm-unnest", 0);
        for (var commit = 1; commit <= Commits; commit++)
        {
            copy += await TimeAsync(() => store.AppendAsync(Group("copy", commit)));
            unnest += await TimeAsync(() => InsertAsync(store, "unnest", commit));
        }

        Report("PostgreSQL, fsync on, the store's COPY", copy);
        Report("PostgreSQL, fsync on, INSERT … unnest … ON CONFLICT", unnest);
        Assert.Equal(Commits * 10, (await store.ReadCustomerAsync("copy-c-7", 0)).Count);
        Assert.Equal(Commits * 10, (await store.ReadCustomerAsync("unnest-c-7", 0)).Count);
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

    // The store's own path for a group that meets a taken key, the statement its COPY replaced: it must write every entry.
    private static async Task InsertAsync(PostgresEventJournalStore store, string prefix, int commit) =>
        Assert.Empty(await store.InsertResolvingConflictsAsync(Group(prefix, commit), new JournalGroup("throughput-insert", commit)));

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

    private static async Task<string> ShowAsync(string connectionString, string setting)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
