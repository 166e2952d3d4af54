using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// A recompute run's new rolling windows for one aggregate, filled from two sides until the switch:
/// the counts replayed from the journal, and every delta merged live since the rebuild began. A
/// touchpoint's replayed counts name their journal commit: one counts only if its writer's delivery of
/// that commit had reached the touchpoint when the rebuild began (<paramref name="delivered"/>); later
/// commits reach the new windows live, so every event counts once. Segments' counts cannot be told
/// apart, and those in flight at the cut may count twice (docs/operations.md, "Recompute").
/// </summary>
/// <remarks>Held in memory by the aggregate's activation only: a restarted activation drops it and the run reports it.</remarks>
internal sealed class WindowRebuild(Guid runId, IReadOnlyDictionary<string, long>? delivered)
{
    public Guid RunId { get; } = runId;

    public RollingWindows Windows { get; } = new();

    public void Add(AggregateDelta delta, long nowTicks)
    {
        foreach (var bucket in delta.Buckets)
        {
            Windows.Record(bucket.AtTicks, bucket.Counts, nowTicks);
        }

        // A live delivery, merged since the rebuild began.
        if (delta.Delivery is { } delivery)
        {
            foreach (var bucket in delivery.Buckets)
            {
                Windows.Record(bucket.AtTicks, bucket.Counts, nowTicks);
            }
        }

        foreach (var replayed in delta.Journaled)
        {
            if (replayed.Origin is null || replayed.CommitGroup <= (delivered?.GetValueOrDefault(replayed.Origin) ?? 0))
            {
                Windows.Record(replayed.AtTicks, replayed.Counts, nowTicks);
            }
        }
    }
}
