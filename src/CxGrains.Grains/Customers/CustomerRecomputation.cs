using CxGrains.Abstractions;
using CxGrains.Abstractions.Recompute;
using CxGrains.Grains.Aggregates;
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
        foreach (var (sequence, journaledAt, e, origin, group) in journaled)
        {
            replayed += ReplayOne(state, e, sequence, journaledAt, new JournalPosition(true, origin, group), request, contributions);
            last = sequence;
        }

        for (var i = 0; i < unjournaled.Count; i++)
        {
            last = firstUnjournaledSequence + i;
            replayed += ReplayOne(state, unjournaled[i], last, nowTicks, new JournalPosition(false, null, 0), request, contributions);
        }

        state.JournalSequence = last;
        return (state, new CustomerRecomputed(replayed, last, contributions.ToList()));
    }

    private int ReplayOne(CustomerState state, CustomerEvent e, long sequence, long appliedAtTicks, JournalPosition position,
        CustomerRecompute request, Contributions contributions)
    {
        // Replay: the fresh state changes, nothing goes to the accumulator or the touchpoints.
        if (!applier.Apply(state, e, journaled: true, replay: true))
        {
            return 0;
        }

        var occurredAt = e.Interaction.OccurredAtTicks;
        if (sequence <= request.AfterSequence || occurredAt < request.WindowFromTicks)
        {
            return 1;
        }

        var counts = default(MetricCounts);
        counts.Record(e.Interaction, targets.For(e.TouchpointId));
        if (position.Journaled && position.Origin is { } origin)
        {
            // The touchpoint decides by the commit: its writer delivers it live after the rebuild began, or did before.
            contributions.Journaled(e.TouchpointId, new JournaledCounts(origin, position.CommitGroup, occurredAt - (occurredAt % _bucketTicks), counts));
        }
        else if (position.Journaled && appliedAtTicks < request.AppliedBeforeTicks)
        {
            // Journaled before entries recorded their writer: it reached the touchpoint long ago.
            contributions.Add(AggregateKind.Touchpoint, e.TouchpointId, occurredAt, counts);
        }

        // Not yet journaled: it will be, and its writer delivers it to the touchpoint then.
        if (appliedAtTicks >= request.AppliedBeforeTicks)
        {
            return 1;
        }

        // The attributes as they were when the event applied: the replay has just updated them as the live path did.
        foreach (var segment in segments.EventSegments(state.SegmentAttributes, e.Channel, e.Stage))
        {
            contributions.Add(AggregateKind.Segment, segment, occurredAt, counts);
        }

        return 1;
    }

    private readonly record struct JournalPosition(bool Journaled, string? Origin, long CommitGroup);

    /// <summary>One customer's counts per aggregate, per accumulator bucket, as the live path would have sent them.</summary>
    private sealed class Contributions(long bucketTicks)
    {
        private readonly Dictionary<AggregateKey, (Dictionary<long, MetricCounts> Buckets, List<JournaledCounts> Journaled)> _byAggregate = [];

        public void Add(AggregateKind kind, string id, long occurredAtTicks, in MetricCounts counts)
        {
            var buckets = Of(new AggregateKey(kind, id)).Buckets;
            var at = occurredAtTicks - (occurredAtTicks % bucketTicks);
            buckets.TryGetValue(at, out var sum);
            sum.Merge(counts);
            buckets[at] = sum;
        }

        public void Journaled(string touchpointId, JournaledCounts counts) =>
            Of(new AggregateKey(AggregateKind.Touchpoint, touchpointId)).Journaled.Add(counts);

        public List<WindowContribution> ToList() =>
        [
            .. _byAggregate.Select(a => new WindowContribution(a.Key.Kind, a.Key.Id, new AggregateDelta
            {
                Buckets = [.. a.Value.Buckets.Select(b => new TimedCounts(b.Key, b.Value))],
                Journaled = a.Value.Journaled,
            })),
        ];

        private (Dictionary<long, MetricCounts> Buckets, List<JournaledCounts> Journaled) Of(AggregateKey key)
        {
            if (!_byAggregate.TryGetValue(key, out var entry))
            {
                _byAggregate[key] = entry = ([], []);
            }

            return entry;
        }
    }
}
