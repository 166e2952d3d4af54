using System.Runtime.CompilerServices;
using CxGrains.Abstractions;
using CxGrains.Grains.Customers;
using CxGrains.Scoring;

namespace CxGrains.Grains.Tests;

/// <summary>
/// A customer's recent interactions keep the newest by business time, in order, with their event ids, as a plain
/// sorted list does (the reference), through late events, ids of every length, compactions and a lowered limit; and
/// once warm, recording allocates nothing.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class RecentInteractionsTests
{
    private static readonly long T0 = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(100)]
    public void The_newest_by_business_time_are_kept_in_order_with_their_ids(int limit)
    {
        var random = new Random(limit);
        var recent = default(RecentInteractions);
        var reference = new List<RecentInteraction>();
        for (var i = 0; i < 5_000; i++)
        {
            // Mostly in order, some late; ids from 1 to 120 characters.
            var at = T0 + (i * TimeSpan.TicksPerMinute) - (random.Next(10) == 0 ? random.Next(0, 500) * TimeSpan.TicksPerMinute : 0);
            var id = $"e{i}-" + new string((char)('a' + random.Next(26)), random.Next(0, 118));
            var kind = (InteractionKind)random.Next(1, 4);
            var negative = random.Next(3) == 0;
            var touchpoint = "tp-" + random.Next(5);
            recent.Record(limit, id, touchpoint, at, i, kind, InteractionChannel.Web, negative);
            Remember(reference, limit, new RecentInteraction
            {
                EventId = id,
                TouchpointId = touchpoint,
                OccurredAtTicks = at,
                Signal = i,
                Kind = kind,
                Channel = InteractionChannel.Web,
                Negative = negative,
            });

            if (i % 97 == 0)
            {
                AssertSame(reference, recent.ToRecords());
            }
        }

        AssertSame(reference, recent.ToRecords());
    }

    [Fact]
    public void The_stored_form_round_trips_and_recording_goes_on_from_it()
    {
        var recent = default(RecentInteractions);
        for (var i = 0; i < 20; i++)
        {
            recent.Record(8, $"event-{i}", "tp", T0 + i, i, InteractionKind.Csat, InteractionChannel.Store, false);
        }

        var loaded = RecentInteractions.From(recent.ToRecords());
        AssertSame(recent.ToRecords(), loaded.ToRecords());
        loaded.Record(8, "event-late", "tp", T0 + 15, 0, InteractionKind.Csat, InteractionChannel.Store, true);
        Assert.Equal(["event-19", "event-18", "event-17", "event-16", "event-15", "event-late", "event-14", "event-13"],
            loaded.ToRecords().Select(r => r.EventId));
    }

    [Fact]
    public void A_lowered_limit_keeps_the_newest()
    {
        var recent = default(RecentInteractions);
        for (var i = 0; i < 10; i++)
        {
            recent.Record(10, $"id-{i}", "tp", T0 + i, i, InteractionKind.Nps, InteractionChannel.App, false);
        }

        recent.Record(3, "id-10", "tp", T0 + 10, 10, InteractionKind.Nps, InteractionChannel.App, false);
        Assert.Equal(["id-10", "id-9", "id-8"], recent.ToRecords().Select(r => r.EventId));
    }

    [Fact]
    public void Once_full_recording_an_event_allocates_nothing()
    {
        var ids = Enumerable.Range(0, 10_000).Select(i => $"evt-{i:D8}-{new string('x', i % 24)}").ToArray();
        var recent = default(RecentInteractions);
        RecordAll(ref recent, ids, 0, 100);

        var before = GC.GetAllocatedBytesForCurrentThread();
        RecordAll(ref recent, ids, 100, ids.Length);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(ids[^1], recent.ToRecords()[0].EventId);
    }

    // The reference: a list sorted newest business time first, an equal time after those already kept, cut at limit.
    private static void Remember(List<RecentInteraction> list, int limit, RecentInteraction r)
    {
        var index = list.FindIndex(x => x.OccurredAtTicks < r.OccurredAtTicks);
        list.Insert(index < 0 ? list.Count : index, r);
        if (list.Count > limit)
        {
            list.RemoveAt(list.Count - 1);
        }
    }

    private static void AssertSame(List<RecentInteraction> expected, List<RecentInteraction> actual) =>
        Assert.Equal(
            expected.Select(r => (r.EventId, r.TouchpointId, r.OccurredAtTicks, r.Signal, r.Kind, r.Negative)),
            actual.Select(r => (r.EventId, r.TouchpointId, r.OccurredAtTicks, r.Signal, r.Kind, r.Negative)));

    /// <summary>
    /// Records <paramref name="ids"/> from <paramref name="from"/> up to <paramref name="to"/>. Compiled optimized at
    /// its first call, never recompiled: the JIT allocates when it replaces a long tier-0 loop on the stack, and that
    /// would count in the measured window.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RecordAll(ref RecentInteractions recent, string[] ids, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            recent.Record(8, ids[i], "tp", T0 + i, i, InteractionKind.Ces, InteractionChannel.Phone, false);
        }
    }
}
