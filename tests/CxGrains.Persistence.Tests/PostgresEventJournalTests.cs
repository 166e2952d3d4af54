using CxGrains.Abstractions.Journal;
using CxGrains.TestSupport;
using Npgsql;
using static CxGrains.Persistence.Tests.JournalEntries;

namespace CxGrains.Persistence.Tests;

/// <summary>The journal contract against PostgreSQL, plus its daily partitions.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEventJournalTests(PostgresFixture postgres) : EventJournalConformanceTests
{
    [Fact]
    public async Task The_schema_creates_today_and_tomorrow()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var partitions = await PartitionsAsync(postgres.ConnectionString);

        Assert.Contains(PostgresEventJournalStore.PartitionName(today), partitions);
        Assert.Contains(PostgresEventJournalStore.PartitionName(today.AddDays(1)), partitions);
    }

    [Fact]
    public async Task Prepare_creates_the_days_ahead_and_is_idempotent()
    {
        var store = await OpenAsync();
        var through = DateTimeOffset.UtcNow.AddDays(4);

        await store.PrepareAsync(through);
        await store.PrepareAsync(through);

        var partitions = await PartitionsAsync(postgres.ConnectionString);
        Assert.Contains(PostgresEventJournalStore.PartitionName(DateOnly.FromDateTime(through.UtcDateTime)), partitions);
    }

    [Fact]
    public async Task An_append_to_a_day_without_a_partition_creates_it_and_succeeds()
    {
        var store = await OpenAsync();
        var day = new DateTimeOffset(2002, 2, 2, 12, 0, 0, TimeSpan.Zero);
        Assert.DoesNotContain(PostgresEventJournalStore.PartitionName(new DateOnly(2002, 2, 2)), await PartitionsAsync(postgres.ConnectionString));

        Assert.Empty(await store.AppendAsync([Entry("c-1", 1, day), Entry("c-1", 2)]));

        Assert.Contains(PostgresEventJournalStore.PartitionName(new DateOnly(2002, 2, 2)), await PartitionsAsync(postgres.ConnectionString));
        Assert.Equal(2, (await store.ReadCustomerAsync("c-1", 0)).Count);
    }

    [Fact]
    public async Task Silos_creating_the_same_partition_at_once_do_not_race()
    {
        var stores = new List<IEventJournalStore>();
        for (var i = 0; i < 4; i++)
        {
            stores.Add(await OpenAsync($"race-{i}-{Guid.NewGuid():N}"));
        }

        var day = new DateTimeOffset(2002, 3, 3, 8, 0, 0, TimeSpan.Zero);
        var conflicts = await Task.WhenAll(stores.Select(store => Task.Run(() => store.AppendAsync([Entry("c-1", 1, day)]))));

        Assert.All(conflicts, Assert.Empty);
    }

    [Fact]
    public async Task Applying_the_schema_again_keeps_partitions_and_rows()
    {
        var store = await OpenAsync();
        await store.AppendAsync([Entry("c-1", 1, new DateTimeOffset(2002, 4, 4, 0, 0, 0, TimeSpan.Zero))]);

        await PostgresSchema.EnsureAsync(postgres.ConnectionString);

        Assert.Single(await store.ReadCustomerAsync("c-1", 0));
    }

    private protected override Task<JournalHost> StartAsync(string serviceId) => JournalHost.StartPostgresAsync(serviceId, postgres.ConnectionString);

    protected override async Task AssertPrunedAsync(JournalPruneResult result, IReadOnlyList<DateOnly> droppedDays)
    {
        Assert.Equal(droppedDays.Count, result.PartitionsDropped);
        var partitions = await PartitionsAsync(postgres.ConnectionString);
        foreach (var day in droppedDays)
        {
            var name = PostgresEventJournalStore.PartitionName(day);
            Assert.DoesNotContain(name, partitions);
            // Detached and dropped, not merely detached.
            Assert.Null(await ScalarAsync(postgres.ConnectionString, $"SELECT to_regclass('{name}')::text"));
        }

        Assert.Contains(PostgresEventJournalStore.PartitionName(droppedDays[^1].AddDays(1)), partitions);
    }

    internal static async Task<List<string>> PartitionsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'cx_event_journal'::regclass",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }
}
