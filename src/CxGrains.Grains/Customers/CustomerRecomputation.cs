using CxGrains.Abstractions;
using CxGrains.Abstractions.Recompute;
using CxGrains.Grains.Aggregates;
using CxGrains.Grains.Storage;
using CxGrains.Scoring;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Customers;

/// <summary>
/// A recompute run's work for one customer: re-applies its journaled events, in sequence order, to a
/// fresh state with the current scoring code, and collects each event's counts for the touchpoint and
/// segment windows it belongs to. One per silo, shared by every customer; the grain decides whether the
/// fresh state replaces its own.
/// </summary>
public sealed class CustomerRecomputation(
    CustomerEventApplier applier,
    ServiceTargets targets,
    SegmentRouting segments,
    AttributeDictionaryPool attributeDictionaries,
    IOptions<AccumulatorOptions> accumulator)
{
    private readonly long _bucketTicks = accumulator.Value.BucketWidth.Ticks;

    /// <summary>
    /// Replays <paramref name="journaled"/> and then <paramref name="unjournaled"/> (events applied but
    /// not yet journaled, numbered after them and dated <paramref name="nowTicks"/>) on a fresh state.
    /// </summary>
    /// <returns>The fresh state, and the contributions <paramref name="request"/> asks for.</returns>
    public (CustomerState State, CustomerRecomputed Result) Replay(
        string customerId,
        IReadOnlyList<JournaledEvent> journaled,
        IReadOnlyList<CustomerEvent> unjournaled,
        long firstUnjournaledSequence,
        long nowTicks,
        CustomerRecompute request)
    {
        var state = new CustomerState();
        state.SegmentAttributes = attributeDictionaries.Intern(state.SegmentAttributes);
        var contributions = new Contributions(_bucketTicks);
        long replayed = 0;
        long last = 0;
        foreach (var (sequence, journaledAt, e) in journaled)
        {
            replayed += ReplayOne(customerId, state, e, sequence, journaledAt, request, contributions);
            last = sequence;
        }

        for (var i = 0; i < unjournaled.Count; i++)
        {
            last = firstUnjournaledSequence + i;
            replayed += ReplayOne(customerId, state, unjournaled[i], last, nowTicks, request, contributions);
        }

        state.JournalSequence = last;
        return (state, new CustomerRecomputed(replayed, last, contributions.ToList()));
    }

    private int ReplayOne(string customerId, CustomerState state, CustomerEvent e, long sequence, long appliedAtTicks,
        CustomerRecompute request, Contributions contributions)
    {
        // Key 0 and replay: the fresh state changes, nothing goes to the accumulator or the outbox.
        if (!applier.Apply(state, e, 0, appliedAtTicks, replay: true))
        {
            return 0;
        }

        var occurredAt = e.Interaction.OccurredAtTicks;
        if (sequence <= request.AfterSequence || appliedAtTicks >= request.AppliedBeforeTicks || occurredAt < request.WindowFromTicks)
        {
            return 1;
        }

        var counts = default(MetricCounts);
        counts.Record(e.Interaction, targets.For(e.TouchpointId));
        if (appliedAtTicks >= request.TrackedFromTicks)
        {
            contributions.Tracked(e.TouchpointId, EventIdHash.Of(customerId, e.EventId), occurredAt, counts);
        }
        else
        {
            contributions.Add(AggregateKind.Touchpoint, e.TouchpointId, occurredAt, counts);
        }

        // The attributes as they were when the event applied: the replay has just updated them as the live path did.
        foreach (var segment in segments.EventSegments(state.SegmentAttributes, e.Channel, e.Stage))
        {
            contributions.Add(AggregateKind.Segment, segment, occurredAt, counts);
        }

        return 1;
    }

    /// <summary>One customer's counts per aggregate, per accumulator bucket, as the live path would have sent them.</summary>
    private sealed class Contributions(long bucketTicks)
    {
        private readonly Dictionary<AggregateKey, (Dictionary<long, MetricCounts> Buckets, List<TrackedCounts> Tracked)> _byAggregate = [];

        public void Add(AggregateKind kind, string id, long occurredAtTicks, in MetricCounts counts)
        {
            var buckets = Of(new AggregateKey(kind, id)).Buckets;
            var at = occurredAtTicks - (occurredAtTicks % bucketTicks);
            buckets.TryGetValue(at, out var sum);
            sum.Merge(counts);
            buckets[at] = sum;
        }

        public void Tracked(string touchpointId, long key, long occurredAtTicks, in MetricCounts counts) =>
            Of(new AggregateKey(AggregateKind.Touchpoint, touchpointId)).Tracked.Add(new TrackedCounts(key, occurredAtTicks - (occurredAtTicks % bucketTicks), counts));

        public List<WindowContribution> ToList() =>
        [
            .. _byAggregate.Select(a => new WindowContribution(a.Key.Kind, a.Key.Id, new AggregateDelta
            {
                Buckets = [.. a.Value.Buckets.Select(b => new TimedCounts(b.Key, b.Value))],
                Tracked = a.Value.Tracked,
            })),
        ];

        private (Dictionary<long, MetricCounts> Buckets, List<TrackedCounts> Tracked) Of(AggregateKey key)
        {
            if (!_byAggregate.TryGetValue(key, out var entry))
            {
                _byAggregate[key] = entry = ([], []);
            }

            return entry;
        }
    }
}
