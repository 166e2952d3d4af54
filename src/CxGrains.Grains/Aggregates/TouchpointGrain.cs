using CxGrains.Abstractions;
using CxGrains.Grains.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// Rolling metrics of one touchpoint, fed by every silo's accumulator. Tracked events (ack mode
/// durable) are applied once per dedupe key and written before the merge returns.
/// </summary>
[GrainType("cx.touchpoint")]
public sealed partial class TouchpointGrain(
    [PersistentState(StorageNames.Touchpoint, StorageNames.Provider)] IPersistentState<AggregateState> state,
    IOptions<DurabilityOptions> durability,
    ServiceTargets targets,
    TimeProvider time,
    ILogger<TouchpointGrain> logger) : AggregateGrain(state, durability, time), ITouchpointGrain
{
    private readonly DurabilityOptions _durability = durability.Value;

    /// <inheritdoc />
    public override async Task Merge(AggregateDelta delta)
    {
        Record(delta);
        if (delta.Tracked.Count > 0)
        {
            // The senders' customers acknowledge their events only after this write: one per merge,
            // however many events the delta carries.
            await CommitAsync();
        }
    }

    /// <inheritdoc />
    protected override void Apply(AggregateDelta delta, long nowTicks)
    {
        if (delta.Tracked.Count == 0)
        {
            base.Apply(delta, nowTicks);
            return;
        }

        var keys = State.AppliedKeys;
        var evictedBefore = keys.EvictedEarly;
        keys.Expire(nowTicks, _durability.TouchpointDedupeHorizon, _durability.TouchpointDedupeCapacity);
        if (keys.EvictedEarly > evictedBefore)
        {
            LogEvictedEarly(logger, keys.EvictedEarly - evictedBefore, _durability.TouchpointDedupeCapacity);
        }

        // Resent events (already applied) are dropped; the rest merge like any bucket.
        var buckets = new List<TimedCounts>(delta.Buckets.Count + delta.Tracked.Count);
        buckets.AddRange(delta.Buckets);
        foreach (var tracked in delta.Tracked)
        {
            if (keys.TryAdd(tracked.Key, nowTicks, _durability.TouchpointDedupeHorizon))
            {
                buckets.Add(new TimedCounts(tracked.AtTicks, tracked.Counts));
            }
        }

        base.Apply(delta with { Buckets = buckets, Tracked = [] }, nowTicks);
    }

    /// <inheritdoc />
    protected override AggregateSnapshot Describe(AggregateSnapshot snapshot) =>
        snapshot with { TargetWaitSeconds = targets.For(this.GetPrimaryKeyString()).TargetWaitSeconds };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Touchpoint dedupe set full ({Capacity} keys): {Count} keys dropped before their horizon")]
    private static partial void LogEvictedEarly(ILogger logger, long count, int capacity);
}
