using CxGrains.Abstractions;
using CxGrains.TestingHost;
using CxGrains.TestSupport;
using Orleans.TestingHost;

namespace CxGrains.Grains.Tests;

/// <summary>
/// What a silo crash (not a graceful stop) loses. Each test starts its own two-silo cluster,
/// kills the second silo, and reads every customer back once the survivors reactivate them.
/// </summary>
[Collection(KillTests.Name)]
public sealed class SiloKillTests
{
    private const int Customers = 60;
    private const int EventsPerCustomer = 4;

    [Fact]
    public async Task Durable_mode_keeps_every_acknowledged_event_after_a_kill()
    {
        await using var postgres = new PostgresFixture();
        await postgres.InitializeAsync();
        await using var cluster = await TestClusters.StartAsync(StoreKind.Postgres, postgres.ConnectionString, 2, "Durable");

        var ids = await IngestAsync(cluster, "durable", batch: 0);
        await cluster.KillSiloAsync(cluster.Silos[1]);

        foreach (var id in ids)
        {
            Assert.Equal(EventsPerCustomer, await EventCountAfterRecoveryAsync(cluster, id));
        }
    }

    [Fact]
    public async Task Applied_mode_loses_at_most_the_last_write_behind_interval()
    {
        // The bound checked: an event acked at least one write-behind interval (200 ms here) plus
        // one storage write before the kill survives it. We wait 1 s, five intervals, to leave the
        // write itself ample time; events acked just before the kill may be lost, never doubled.
        using var directory = new TempDirectory();
        await using var cluster = await TestClusters.StartAsync(StoreKind.Sqlite, Path.Combine(directory.Path, "kill.db"), 2, "Applied");

        var ids = await IngestAsync(cluster, "applied", batch: 0);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await IngestAsync(cluster, "applied", batch: 1, ids);
        await cluster.KillSiloAsync(cluster.Silos[1]);

        foreach (var id in ids)
        {
            var count = await EventCountAfterRecoveryAsync(cluster, id);
            Assert.InRange(count, EventsPerCustomer, 2 * EventsPerCustomer);
        }
    }

    private static async Task<string[]> IngestAsync(InProcessTestCluster cluster, string prefix, int batch, string[]? ids = null)
    {
        ids ??= [.. Enumerable.Range(0, Customers).Select(i => TestEvents.UniqueId($"{prefix}{i}"))];
        var now = DateTimeOffset.UtcNow;
        var results = await Task.WhenAll(ids.Select((id, i) => cluster.Client.GetGrain<ICustomerGrain>(id)
            .Apply(TestEvents.Random(new Random(i), EventsPerCustomer, "tp-kill", now, $"{id}-b{batch}"))));
        Assert.All(results, r => Assert.Equal(EventsPerCustomer, r.Applied));
        return ids;
    }

    private static async Task<long> EventCountAfterRecoveryAsync(InProcessTestCluster cluster, string id)
    {
        // Calls to grains of the dead silo fail until the cluster declares it dead; then they reactivate.
        long count = -1;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                count = (await cluster.Client.GetGrain<ICustomerGrain>(id).GetSnapshot())?.EventCount ?? 0;
                return true;
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                return false;
            }
        }, timeoutSeconds: 90);
        return count;
    }
}

[CollectionDefinition(Name)]
public sealed class KillTests
{
    public const string Name = "silo kill";
}
