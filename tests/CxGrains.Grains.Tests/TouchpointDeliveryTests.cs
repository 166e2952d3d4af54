using CxGrains.Abstractions;
using CxGrains.Abstractions.Journal;
using CxGrains.Grains.Aggregates;
using CxGrains.Grains.Customers;
using CxGrains.Scoring;
using CxGrains.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CxGrains.Grains.Tests;

/// <summary>
/// Ack mode durable: touchpoint counts come from the journal's commits, applied once per writer and
/// commit, and what a dead writer had not delivered is delivered from the journal by a survivor.
/// </summary>
[Collection(PostgresCluster.Name)]
public sealed class TouchpointDeliveryTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task A_touchpoint_applies_each_writers_commits_once_and_in_order()
    {
        var touchpoint = fixture.Cluster.Client.GetGrain<ITouchpointGrain>(TestEvents.UniqueId("tp-deliver"));
        var counts = Counts(3);

        Assert.Equal(2, (await touchpoint.Deliver(new TouchpointDelivery("writer-a", 0, 2, counts))).Applied);

        // A resend of what it has is dropped; a delivery that skips commits is refused; both say where it is.
        Assert.Equal(2, (await touchpoint.Deliver(new TouchpointDelivery("writer-a", 0, 2, counts))).Applied);
        Assert.Equal(2, (await touchpoint.Deliver(new TouchpointDelivery("writer-a", 4, 6, counts))).Applied);
        Assert.Equal(5, (await touchpoint.Deliver(new TouchpointDelivery("writer-a", 2, 5, counts))).Applied);

        // Writers are counted apart.
        Assert.Equal(0, await touchpoint.DeliveredThrough("writer-b"));
        Assert.Equal(1, (await touchpoint.Deliver(new TouchpointDelivery("writer-b", 0, 1, counts))).Applied);

        var snapshot = await touchpoint.GetSnapshot(WindowKind.OneHour);
        Assert.Equal(9, snapshot!.LifetimeEvents);
        Assert.Equal(5, await touchpoint.DeliveredThrough("writer-a"));
    }

    [Fact]
    public async Task A_receipt_says_how_far_the_written_state_holds_a_writers_commits()
    {
        var id = TestEvents.UniqueId("tp-receipt");
        var touchpoint = fixture.Cluster.Client.GetGrain<ITouchpointGrain>(id);

        // Applied at once; written behind (this cluster writes aggregates every 200 ms), so never stored beyond applied.
        var receipt = await touchpoint.Deliver(new TouchpointDelivery("writer-a", 0, 3, Counts(4)));
        Assert.Equal(3, receipt.Applied);
        Assert.InRange(receipt.Stored, 0, 3);

        // Asked to store now, it returns once it has written.
        Assert.Equal(new DeliveryReceipt(5, 5), await touchpoint.Deliver(new TouchpointDelivery("writer-a", 3, 5, Counts(2), StoreNow: true)));

        // A delivery of nothing new asks how far it is; the stored state really holds it.
        Assert.Equal(new DeliveryReceipt(5, 5), await touchpoint.Deliver(new TouchpointDelivery("writer-a", 5, 5, [])));
        var storage = fixture.Cluster.Silos[0].SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider);
        var stored = new GrainState<AggregateState>(new AggregateState());
        await storage.ReadStateAsync(StorageNames.Touchpoint, GrainId.Create("cx.touchpoint", id), stored);
        Assert.Equal(5, stored.State!.Delivered!["writer-a"]);
        Assert.Equal(6, stored.State!.LifetimeEvents);
    }

    [Fact]
    public async Task A_dead_writers_undelivered_commits_reach_their_touchpoint_once_and_the_writer_is_forgotten()
    {
        var silo = fixture.Cluster.Silos[0];
        var services = silo.SiloHost.Services;
        var store = services.GetRequiredService<IEventJournalStore>();
        var journal = services.GetRequiredService<CustomerJournal>();
        var codec = services.GetRequiredService<JournalEventCodec>();

        // An earlier incarnation of this silo (same endpoint, older generation): dead for sure.
        var dead = SiloAddress.New(silo.SiloAddress.Endpoint, silo.SiloAddress.Generation - 1).ToParsableString();
        var touchpointId = TestEvents.UniqueId("tp-recover");
        var customer = TestEvents.UniqueId("recover");
        var now = DateTimeOffset.UtcNow;
        var entries = TestEvents.Random(new Random(7), 5, touchpointId, now, customer)
            .Select((e, i) => journal.Entry(customer, i + 1, e, now.UtcTicks))
            .ToArray();

        await store.RegisterOriginAsync(dead);
        await store.AppendAsync(entries[..2], new JournalGroup(dead, 1));
        await store.AppendAsync(entries[2..], new JournalGroup(dead, 2));

        // It delivered its first commit before it died, but never recorded that.
        var touchpoint = fixture.Cluster.Client.GetGrain<ITouchpointGrain>(touchpointId);
        var first = default(MetricCounts);
        first.Merge(codec.TouchpointCountsOf(entries[0]));
        first.Merge(codec.TouchpointCountsOf(entries[1]));
        Assert.Equal(1, (await touchpoint.Deliver(new TouchpointDelivery(dead, 0, 1, [new TimedCounts(Bucket(now), first)]))).Applied);

        // The silo's recovery (every 5 s) delivers the rest, and forgets the writer.
        await Eventually.TrueAsync(async () => (await store.ReadOriginsAsync()).All(o => o.Origin != dead), "the dead writer was recovered", 60);

        Assert.Equal(2, await touchpoint.DeliveredThrough(dead));
        var expected = entries.Sum(e => codec.TouchpointCountsOf(e).Events);
        Assert.Equal(expected, (await touchpoint.GetSnapshot(WindowKind.OneHour))!.LifetimeEvents);
    }

    private static TimedCounts[] Counts(long events)
    {
        var counts = default(MetricCounts);
        counts.Events = events;
        return [new TimedCounts(Bucket(DateTimeOffset.UtcNow), counts)];
    }

    // The accumulator's default bucket width, 5 s.
    private static long Bucket(DateTimeOffset at) => at.UtcTicks - (at.UtcTicks % (5 * TimeSpan.TicksPerSecond));
}
