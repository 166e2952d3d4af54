using CxGrains.Abstractions;
using CxGrains.Abstractions.Recompute;
using CxGrains.Grains.Aggregates;
using CxGrains.Scoring;

namespace CxGrains.Grains.Recompute;

/// <summary>
/// A run's replayed window counts, per touchpoint and segment, merged from every customer's
/// contributions until they are sent to the aggregates' rebuilds.
/// </summary>
internal sealed class AggregateRebuilds
{
    // Counts and tracked events per message: keeps each call well under Orleans' message size limit.
    private const int MaxItemsPerCall = 10_000;

    private readonly Dictionary<AggregateKey, Pending> _pending = [];

    /// <summary>Every aggregate that received a contribution.</summary>
    public IEnumerable<AggregateKey> Aggregates => _pending.Keys;

    /// <summary>Merges one customer's contributions.</summary>
    public void Add(IEnumerable<WindowContribution> contributions)
    {
        foreach (var c in contributions)
        {
            var key = new AggregateKey(c.Kind, c.Id);
            if (!_pending.TryGetValue(key, out var pending))
            {
                _pending[key] = pending = new Pending();
            }

            foreach (var bucket in c.Counts.Buckets)
            {
                pending.Buckets.TryGetValue(bucket.AtTicks, out var sum);
                sum.Merge(bucket.Counts);
                pending.Buckets[bucket.AtTicks] = sum;
            }

            pending.Journaled.AddRange(c.Counts.Journaled);
        }
    }

    /// <summary>The counts for <paramref name="key"/>, cut into deltas small enough for one call each.</summary>
    public IEnumerable<AggregateDelta> Deltas(AggregateKey key)
    {
        if (!_pending.TryGetValue(key, out var pending))
        {
            yield break;
        }

        foreach (var chunk in pending.Buckets.Select(b => new TimedCounts(b.Key, b.Value)).Chunk(MaxItemsPerCall))
        {
            yield return new AggregateDelta { Buckets = chunk };
        }

        foreach (var chunk in pending.Journaled.Chunk(MaxItemsPerCall))
        {
            yield return new AggregateDelta { Journaled = chunk };
        }
    }

    private sealed class Pending
    {
        public Dictionary<long, MetricCounts> Buckets { get; } = [];

        public List<JournaledCounts> Journaled { get; } = [];
    }
}
