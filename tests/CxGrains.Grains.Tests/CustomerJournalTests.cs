using CxGrains.Abstractions;
using CxGrains.Grains.Customers;
using CxGrains.TestingHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CxGrains.Grains.Tests;

/// <summary>
/// Ack mode durable keeps every accepted event in the event journal, on both stores: customers
/// rebuild from it, and erasure removes a customer from it.
/// </summary>
[Collection(PostgresCluster.Name)]
public sealed class CustomerJournalTests(PostgresClusterFixture fixture)
{
    private const int Customers = 25;
    private const int Batches = 4;
    private const int EventsPerBatch = 8;

    /// <summary>With every stored customer state deleted, the replay alone must give exactly the live state.</summary>
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_customer_rebuilt_from_the_journal_alone_equals_the_live_customer(StoreKind store)
    {
        using var directory = new TempDirectory();
        var location = await LocationAsync(store, directory, "journal.db");
        var serviceId = TestEvents.UniqueId("replay")[..24];
        var ids = Enumerable.Range(0, Customers).Select(i => TestEvents.UniqueId($"replay{i}")).ToArray();

        var live = new Dictionary<string, CustomerSnapshot>();
        var liveHistory = new Dictionary<string, IReadOnlyList<HealthHistoryPoint>>();
        await using (var cluster = await TestClusters.StartAsync(store, location, 1, "Durable", serviceId: serviceId))
        {
            // A seeded stream, in several calls per customer, with resends that must count once.
            var now = DateTimeOffset.UtcNow;
            for (var batch = 0; batch < Batches; batch++)
            {
                await Task.WhenAll(ids.Select((id, i) =>
                {
                    var events = TestEvents.Random(new Random((i * 31) + batch), EventsPerBatch, $"tp-replay{i % 3}", now, $"{id}-b{batch}");
                    return cluster.Client.GetGrain<ICustomerGrain>(id).Apply(batch == 0 ? events : [.. events, .. TestEvents.Random(new Random(i * 31), 2, $"tp-replay{i % 3}", now, $"{id}-b0")]);
                }));
            }

            foreach (var id in ids)
            {
                live[id] = (await cluster.Client.GetGrain<ICustomerGrain>(id).GetSnapshot())!;
                liveHistory[id] = (await cluster.Client.GetGrain<ICustomerGrain>(id).GetHistory())!;
                Assert.Equal(Batches * EventsPerBatch, live[id].EventCount);
            }
        }

        Assert.True(await DeleteStoredCustomersAsync(store, location) >= Customers, "the stored customer states were deleted");

        await using (var cluster = await TestClusters.StartAsync(store, location, 1, "Durable", serviceId: serviceId))
        {
            foreach (var id in ids)
            {
                var replayed = await cluster.Client.GetGrain<ICustomerGrain>(id).GetSnapshot();
                Assert.NotNull(replayed);
                CustomerSnapshotAssert.Same(live[id], replayed);

                // The history is rebuilt too; today's point is re-evaluated on activation, seconds of decay later.
                var history = (await cluster.Client.GetGrain<ICustomerGrain>(id).GetHistory())!;
                Assert.Equal(liveHistory[id].Select(p => (p.Day, p.Band, p.Overridden, p.MetricVersion)), history.Select(p => (p.Day, p.Band, p.Overridden, p.MetricVersion)));
                Assert.All(liveHistory[id].Zip(history), p => Assert.Equal(p.First.HealthScore, p.Second.HealthScore, 1));
            }
        }
    }

    /// <summary>
    /// The journal tail an activation replays stays short without a short snapshot interval: a customer
    /// writes its state once <c>SnapshotEvents</c> of its journaled events are not in it, and not before.
    /// </summary>
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_customer_writes_its_state_once_snapshot_events_are_journaled_and_not_before(StoreKind store)
    {
        using var directory = new TempDirectory();
        var location = await LocationAsync(store, directory, "snapshot.db");
        var settings = new Dictionary<string, string?>
        {
            ["Cx:Durability:SnapshotInterval"] = "01:00:00",
            ["Cx:Durability:SnapshotEvents"] = "10",
        };
        await using var cluster = await TestClusters.StartAsync(store, location, 1, "Durable", extraSettings: settings);
        var customerStore = cluster.Silos[0].SiloHost.Services.GetRequiredService<CustomerStore>();
        var id = TestEvents.UniqueId("snapshot");
        var grainId = GrainId.Create("cx.customer", id);
        var customer = cluster.Client.GetGrain<ICustomerGrain>(id);
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(6, (await customer.Apply(TestEvents.Random(new Random(3), 6, "tp-snapshot", now, $"{id}-a"))).Applied);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False((await customerStore.ReadAsync(grainId)).RecordExists, "6 journaled events of 10 wrote the state");

        Assert.Equal(6, (await customer.Apply(TestEvents.Random(new Random(4), 6, "tp-snapshot", now, $"{id}-b"))).Applied);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        GrainState<CustomerState> stored;
        while (!(stored = await customerStore.ReadAsync(grainId)).RecordExists && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        // Written behind the call that reached 10, with every event applied by then and the sequence they have.
        Assert.True(stored.RecordExists, "12 journaled events of 10 did not write the state");
        Assert.NotNull(stored.State);
        Assert.Equal(12, stored.State.EventCount);
        Assert.Equal(12, stored.State.JournalSequence);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Erasing_a_customer_leaves_no_journal_entry_and_a_restart_does_not_bring_it_back(StoreKind store)
    {
        using var directory = new TempDirectory();
        var location = await LocationAsync(store, directory, "erase.db");
        var serviceId = TestEvents.UniqueId("erase")[..24];
        var erased = TestEvents.UniqueId("erased");
        var kept = TestEvents.UniqueId("kept");
        var now = DateTimeOffset.UtcNow;

        await using (var cluster = await TestClusters.StartAsync(store, location, 1, "Durable", serviceId: serviceId))
        {
            foreach (var id in (string[])[erased, kept])
            {
                await cluster.Client.GetGrain<ICustomerGrain>(id).Apply(TestEvents.Random(new Random(5), 12, "tp-erase", now, id));
            }

            Assert.Equal(12, await JournalRowsAsync(store, location, erased));
            Assert.True(await cluster.Client.GetGrain<ICustomerGrain>(erased).Erase());
            Assert.Equal(0, await JournalRowsAsync(store, location, erased));
            Assert.Equal(12, await JournalRowsAsync(store, location, kept));
        }

        await using (var cluster = await TestClusters.StartAsync(store, location, 1, "Durable", serviceId: serviceId))
        {
            Assert.Null(await cluster.Client.GetGrain<ICustomerGrain>(erased).GetSnapshot());
            Assert.Equal(12, (await cluster.Client.GetGrain<ICustomerGrain>(kept).GetSnapshot())!.EventCount);
        }
    }

    // A SQLite file in the test's directory, or a fresh PostgreSQL database.
    private async Task<string> LocationAsync(StoreKind store, TempDirectory directory, string sqliteFile) =>
        store == StoreKind.Sqlite ? Path.Combine(directory.Path, sqliteFile) : await fixture.Postgres.CreateDatabaseAsync();

    private static async Task<long> JournalRowsAsync(StoreKind store, string location, string customerId)
    {
        if (store == StoreKind.Sqlite)
        {
            await using var sqlite = new SqliteConnection($"Data Source={location}");
            await sqlite.OpenAsync();
            await using var count = sqlite.CreateCommand();
            count.CommandText = "SELECT count(*) FROM cx_event_journal WHERE customer_id = $id;";
            count.Parameters.AddWithValue("$id", customerId);
            return (long)(await count.ExecuteScalarAsync())!;
        }

        await using var postgres = new NpgsqlConnection(location);
        await postgres.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM cx_event_journal WHERE customer_id = @id;", postgres);
        command.Parameters.AddWithValue("id", customerId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> DeleteStoredCustomersAsync(StoreKind store, string location)
    {
        if (store == StoreKind.Sqlite)
        {
            await using var sqlite = new SqliteConnection($"Data Source={location}");
            await sqlite.OpenAsync();
            await using var delete = sqlite.CreateCommand();
            delete.CommandText = "DELETE FROM grain_state WHERE state_name = 'customer';";
            return await delete.ExecuteNonQueryAsync();
        }

        await using var postgres = new NpgsqlConnection(location);
        await postgres.OpenAsync();
        await using var command = new NpgsqlCommand("DELETE FROM orleans_storage WHERE state_name = 'customer';", postgres);
        return await command.ExecuteNonQueryAsync();
    }
}
