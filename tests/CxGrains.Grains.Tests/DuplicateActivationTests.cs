using CxGrains.Abstractions;
using CxGrains.Grains.Aggregates;
using CxGrains.Scoring;
using CxGrains.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;

namespace CxGrains.Grains.Tests;

/// <summary>
/// Two live activations of one customer and one touchpoint, writing one stored state. Orleans' default
/// grain directory allows such duplicates for a while (around a stopping or joining silo); here two
/// clusters with one service id share one PostgreSQL database, so each holds its own activation for as long
/// as the test likes. Both read the empty state before either writes, so every write of the second meets a
/// version conflict: what each applied must still end up stored, and nothing twice.
/// </summary>
[Collection(PostgresCluster.Name)]
public sealed class DuplicateActivationTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task A_touchpoint_activation_on_stale_state_drops_a_delivery_another_activation_stored_part_of()
    {
        var database = await fixture.Postgres.CreateDatabaseAsync();
        var serviceId = TestEvents.UniqueId("dup-service")[..24];
        await using var first = await TestClusters.StartAsync(StoreKind.Postgres, database, 1, "Durable", serviceId: serviceId);
        await using var second = await TestClusters.StartAsync(StoreKind.Postgres, database, 1, "Durable", serviceId: serviceId);
        var touchpointId = TestEvents.UniqueId("tp-stale");
        var a = first.Client.GetGrain<ITouchpointGrain>(touchpointId);
        var b = second.Client.GetGrain<ITouchpointGrain>(touchpointId);
        const string Writer = "writer-1";

        // Both activations start from commits 1–2 stored.
        Assert.Equal(new DeliveryReceipt(2, 2), await a.Deliver(new TouchpointDelivery(Writer, 0, 2, Events(1), StoreNow: true)));
        Assert.Equal(2, await b.DeliveredThrough(Writer));

        // One stores commits 3–4; the other, still at 2, gets a resend of 3–6 in one delivery (its sender saw 3–4 lost).
        Assert.Equal(new DeliveryReceipt(4, 4), await a.Deliver(new TouchpointDelivery(Writer, 2, 4, Events(10), StoreNow: true)));
        var receipt = await b.Deliver(new TouchpointDelivery(Writer, 2, 6, Events(10 + 100), StoreNow: true));

        // Its write met the stored 3–4 and could not split the resend: dropped, so nothing counts twice, and the
        // receipt says where it is, so the sender resends 5–6 alone.
        Assert.Equal(new DeliveryReceipt(4, 4), receipt);
        Assert.Equal(1 + 10, (await b.GetSnapshot(WindowKind.OneDay))!.LifetimeEvents);
        Assert.Equal(new DeliveryReceipt(6, 6), await b.Deliver(new TouchpointDelivery(Writer, 4, 6, Events(100), StoreNow: true)));
        Assert.Equal(1 + 10 + 100, (await b.GetSnapshot(WindowKind.OneDay))!.LifetimeEvents);
    }

    private static TimedCounts[] Events(long events)
    {
        var counts = default(MetricCounts);
        counts.Events = events;
        var now = DateTimeOffset.UtcNow.UtcTicks;
        return [new TimedCounts(now - (now % (5 * TimeSpan.TicksPerSecond)), counts)];
    }

    /// <summary>
    /// A resend that reaches the other activation (its client saw no ack from a stopping silo): the second
    /// activation has not seen the events, applies them, and meets the first one's entries in the journal.
    /// The journal must hold each event once, or its touchpoint would count it twice. With no event of the
    /// first's own, the second's append runs one number past the first's entries: that entry meets none.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public async Task A_resend_applied_by_both_activations_is_journaled_once_and_counted_once_by_its_touchpoint(int firstOwnEvents)
    {
        var database = await fixture.Postgres.CreateDatabaseAsync();
        var serviceId = TestEvents.UniqueId("dup-service")[..24];
        await using var first = await TestClusters.StartAsync(StoreKind.Postgres, database, 1, "Durable", serviceId: serviceId);
        await using var second = await TestClusters.StartAsync(StoreKind.Postgres, database, 1, "Durable", serviceId: serviceId);

        var customerId = TestEvents.UniqueId("dup-resend");
        var touchpointId = TestEvents.UniqueId("tp-dup-resend");
        var now = DateTimeOffset.UtcNow;
        var resent = TestEvents.Random(new Random(23), 12, touchpointId, now, $"{customerId}-a");
        var firstOnly = TestEvents.Random(new Random(29), firstOwnEvents, touchpointId, now, $"{customerId}-b");
        var secondOnly = TestEvents.Random(new Random(31), 1, touchpointId, now, $"{customerId}-c");
        List<CustomerEvent> events = [.. resent, .. firstOnly, .. secondOnly];

        // Both activations exist, on the empty state, before either journals anything.
        Assert.Null(await first.Client.GetGrain<ICustomerGrain>(customerId).GetSnapshot());
        Assert.Null(await second.Client.GetGrain<ICustomerGrain>(customerId).GetSnapshot());

        // The second gets the resend behind an event of its own, so its entries take other numbers than the first's.
        Assert.Equal(new ApplyResult(12 + firstOwnEvents, 0), await first.Client.GetGrain<ICustomerGrain>(customerId).Apply([.. resent, .. firstOnly]));
        Assert.Equal(new ApplyResult(13, 0), await second.Client.GetGrain<ICustomerGrain>(customerId).Apply([.. secondOnly, .. resent]));

        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand(
                "SELECT count(*), count(DISTINCT event_id) FROM cx_event_journal WHERE service_id = @service AND customer_id = @customer;", connection);
            count.Parameters.AddWithValue("service", serviceId);
            count.Parameters.AddWithValue("customer", customerId);
            await using var reader = await count.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal((events.Count, events.Count), (reader.GetInt64(0), reader.GetInt64(1)));
        }

        Assert.Equal(events.Count, (await second.Client.GetGrain<ICustomerGrain>(customerId).GetSnapshot())!.EventCount);

        // Each cluster's touchpoint activation gets its silo's deliveries; once both have them stored, both stop,
        // and a fresh activation reads what they stored together.
        InProcessTestCluster[] clusters = [first, second];
        await TouchpointActivationsReceivedAsync(clusters, touchpointId, events.Count);
        await DeliveriesStoredAsync(clusters);
        await DeactivateEverywhereAsync(clusters, client => client.GetGrain<ITouchpointGrain>(touchpointId));

        Assert.Equal(events.Count, (await first.Client.GetGrain<ITouchpointGrain>(touchpointId).GetSnapshot(WindowKind.OneDay))!.LifetimeEvents);
    }

    [Theory]
    [InlineData("Applied")]
    [InlineData("Durable")]
    public async Task Two_activations_of_one_customer_lose_nothing_and_count_nothing_twice(string ackMode)
    {
        var database = await fixture.Postgres.CreateDatabaseAsync();
        var serviceId = TestEvents.UniqueId("dup-service")[..24];
        await using var first = await TestClusters.StartAsync(StoreKind.Postgres, database, 1, ackMode, serviceId: serviceId);
        await using var second = await TestClusters.StartAsync(StoreKind.Postgres, database, 1, ackMode, serviceId: serviceId);

        var customerId = TestEvents.UniqueId("dup");
        var touchpointId = TestEvents.UniqueId("tp-dup");
        var events = TestEvents.Random(new Random(17), 120, touchpointId, DateTimeOffset.UtcNow);
        InProcessTestCluster[] clusters = [first, second];

        // Rounds of one batch to each activation, spaced past the write-behind interval (200 ms) so that
        // their writes interleave. Durable calls return only once written, so they conflict on every call.
        var chunks = events.Chunk(10).ToList();
        await Task.WhenAll(
            clusters[0].Client.GetGrain<ICustomerGrain>(customerId).Apply(chunks[0]),
            clusters[1].Client.GetGrain<ICustomerGrain>(customerId).Apply(chunks[1]));
        for (var i = 2; i < chunks.Count; i++)
        {
            var result = await clusters[i % 2].Client.GetGrain<ICustomerGrain>(customerId).Apply(chunks[i]);
            Assert.Equal(new ApplyResult(chunks[i].Length, 0), result);
            await Task.Delay(150);
        }

        // Each touchpoint activation gets its own cluster's counts; then every activation stops and writes.
        await TouchpointActivationsReceivedAsync(clusters, touchpointId, events.Count);
        await DeliveriesStoredAsync(clusters);
        await DeactivateEverywhereAsync(clusters, client => client.GetGrain<ICustomerGrain>(customerId), client => client.GetGrain<ITouchpointGrain>(touchpointId));

        // A fresh activation reads what was stored; a reference customer applied everything in one activation.
        var stored = (await first.Client.GetGrain<ICustomerGrain>(customerId).GetSnapshot())!;
        var reference = first.Client.GetGrain<ICustomerGrain>(TestEvents.UniqueId("dup-reference"));
        await reference.Apply([.. events.Select(e => e with { TouchpointId = touchpointId + "-reference" })]);
        var expected = (await reference.GetSnapshot())!;

        Assert.Equal(events.Count, stored.EventCount);
        Assert.Equal(expected.NegativeExperiences, stored.NegativeExperiences);
        Assert.Equal(expected.Recent.Select(r => r.EventId), stored.Recent.Select(r => r.EventId));
        Assert.Equal(expected.LastNps?.OccurredAtTicks, stored.LastNps?.OccurredAtTicks);
        Assert.Equal(expected.HealthScore, stored.HealthScore, 3);
        Assert.Equal(expected.ChurnRisk, stored.ChurnRisk, 3);

        var touchpoint = (await second.Client.GetGrain<ITouchpointGrain>(touchpointId).GetSnapshot(WindowKind.OneDay))!;
        Assert.Equal(events.Count, touchpoint.LifetimeEvents);
        Assert.Equal(events.Count, touchpoint.Counts.Events);

        // Resending everything to either activation changes nothing.
        foreach (var cluster in clusters)
        {
            var resend = await cluster.Client.GetGrain<ICustomerGrain>(customerId).Apply(events);
            Assert.Equal(new ApplyResult(0, events.Count), resend);
        }
    }

    // Each cluster's touchpoint activation gets its own silo's counts. Activations that merged the other's
    // stored counts see more than their own, so the sum reaching every event is enough.
    private static Task TouchpointActivationsReceivedAsync(InProcessTestCluster[] clusters, string touchpointId, int events) =>
        Eventually.TrueAsync(async () =>
        {
            long seen = 0;
            foreach (var cluster in clusters)
            {
                seen += (await cluster.Client.GetGrain<ITouchpointGrain>(touchpointId).GetSnapshot(WindowKind.OneDay))?.LifetimeEvents ?? 0;
            }

            return seen >= events;
        }, "the touchpoint activations received the events");

    // Ack mode durable: every silo's touchpoint deliveries are in a written touchpoint state. Until then a silo's
    // deliveries ask the touchpoint how far it stored, and so activate it again in their cluster if it was stopped:
    // one that activates before the other cluster's activation has written its last state keeps what it read, as a
    // duplicate activation does around a stopping silo (where a cluster of them would follow the stored state; two
    // clusters do not know of each other), and the final read would meet it instead of a fresh one.
    private static Task DeliveriesStoredAsync(InProcessTestCluster[] clusters) =>
        Eventually.TrueAsync(
            () => Task.FromResult(clusters.All(c => !c.Silos[0].ServiceProvider.GetRequiredService<TouchpointDeliveries>().HasUnstored)),
            "every silo's touchpoint deliveries were stored");

    // Stops the grains' activation in every cluster; each writes its state as it goes.
    private static async Task DeactivateEverywhereAsync(InProcessTestCluster[] clusters, params Func<IClusterClient, IAddressable>[] grains)
    {
        foreach (var cluster in clusters)
        {
            foreach (var grain in grains.Select(g => g(cluster.Client)))
            {
                await cluster.DeactivateAsync(grain);
                await cluster.WaitForDeactivationAsync(grain);
            }
        }
    }
}
