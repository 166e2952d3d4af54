using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// A recompute run's new rolling windows for one aggregate, filled from two sides until the switch:
/// the counts replayed from the journal (events applied before the run's cut), and every delta merged
/// live since the rebuild began. Tracked events (touchpoints, ack mode durable) carry dedupe keys, so
/// an event that arrives both ways counts once; untracked counts (segments) cannot be told apart, and
/// those in flight at the cut may count twice (docs/operations.md, "Recompute").
/// </summary>
/// <remarks>Held in memory by the aggregate's activation only: a restarted activation drops it and the run reports it.</remarks>
internal sealed class WindowRebuild(Guid runId)
{
    private readonly HashSet<long> _keys = [];

    /// <summary>The run that began it.</summary>
    public Guid RunId { get; } = runId;

    /// <summary>The new windows.</summary>
    public RollingWindows Windows { get; } = new();

    /// <summary>Dedupe keys of the tracked events in <see cref="Windows"/>.</summary>
    public IReadOnlyCollection<long> Keys => _keys;

    /// <summary>Adds the counts of <paramref name="delta"/> (live or replayed), each tracked event once.</summary>
    public void Add(AggregateDelta delta, long nowTicks)
    {
        foreach (var bucket in delta.Buckets)
        {
            Windows.Record(bucket.AtTicks, bucket.Counts, nowTicks);
        }

        foreach (var tracked in delta.Tracked)
        {
            if (_keys.Add(tracked.Key))
            {
                Windows.Record(tracked.AtTicks, tracked.Counts, nowTicks);
            }
        }
    }
}
