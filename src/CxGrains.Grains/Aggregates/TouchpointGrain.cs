using CxGrains.Abstractions;
using CxGrains.Grains.Queues;
using CxGrains.Grains.Storage;
using CxGrains.Scoring.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// Rolling metrics of one touchpoint, fed by every silo's accumulator. Tracked events (ack mode
/// durable) are applied once per dedupe key and written before the merge returns. A touchpoint that
/// is a contact-centre queue also keeps the queue's live state, fed by ingest with queue steps.
/// </summary>
[GrainType("cx.touchpoint")]
public sealed partial class TouchpointGrain(
    [PersistentState(StorageNames.Touchpoint, StorageNames.Provider)] IPersistentState<AggregateState> state,
    IOptions<DurabilityOptions> durability,
    ServiceTargets targets,
    QueuePolicies queues,
    TimeProvider time,
    ILogger<TouchpointGrain> logger) : AggregateGrain(state, durability, time), ITouchpointGrain
{
    /// <inheritdoc />
    protected override AggregateKind Kind => AggregateKind.Touchpoint;

    private readonly DurabilityOptions _durability = durability.Value;
    private QueuePolicy? _queuePolicy;

    private QueuePolicy QueuePolicy => _queuePolicy ??= queues.For(this.GetPrimaryKeyString());

    /// <inheritdoc />
    public async Task<ApplyResult> ApplyQueueSteps(QueueStep[] steps)
    {
        // A step the queue already knew changes nothing; the applied ones count as events.
        var before = State.LifetimeEvents;
        Record(new AggregateDelta { QueueSteps = steps });
        var applied = (int)(State.LifetimeEvents - before);
        if (_durability.AckMode == AckMode.Durable)
        {
            await CommitAsync();
        }

        return new ApplyResult(applied, steps.Length - applied);
    }

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
        if (delta.QueueSteps.Count > 0)
        {
            var queue = State.Queue ??= new LiveQueue();
            queue.Expire(QueuePolicy, nowTicks);
            foreach (var step in delta.QueueSteps)
            {
                if (queue.Apply(step, QueuePolicy, nowTicks))
                {
                    State.LifetimeEvents++;
                }
            }
        }

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
    protected override AggregateSnapshot Describe(AggregateSnapshot snapshot)
    {
        snapshot = snapshot with { TargetWaitSeconds = targets.For(this.GetPrimaryKeyString()).TargetWaitSeconds };
        if (State.Queue is not { } queue)
        {
            return snapshot;
        }

        // Contacts whose outcome never arrived leave the queue at their cut-off, even if it is silent.
        var policy = QueuePolicy;
        if (queue.Expire(policy, snapshot.AsOfTicks))
        {
            MarkDirty();
        }

        var now = queue.Now(policy, snapshot.AsOfTicks);
        return snapshot with
        {
            Queue = new QueueSnapshot
            {
                Waiting = now.Waiting,
                OldestWaitingSinceTicks = now.OldestWaitingSinceTicks,
                InHandling = now.InHandling,
                Window = queue.Windows.Total(snapshot.Window, snapshot.AsOfTicks),
                Today = now.Today,
                Day = now.Day,
                TimeZone = policy.TimeZone.Id,
                TargetWaitSeconds = policy.TargetWaitSeconds,
                ShortAbandonSeconds = policy.ShortAbandonSeconds,
                Unmatched = queue.Unmatched,
            },
        };
    }

    /// <inheritdoc />
    protected override long? NextChangeByTimeTicks(long nowTicks)
    {
        var windows = base.NextChangeByTimeTicks(nowTicks);
        if (State.Queue is not { } queue)
        {
            return windows;
        }

        var queueWindows = queue.Windows.NextAgeingTicks(nowTicks);
        return windows is { } w && queueWindows is { } q ? Math.Min(w, q) : windows ?? queueWindows;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Touchpoint dedupe set full ({Capacity} keys): {Count} keys dropped before their horizon")]
    private static partial void LogEvictedEarly(ILogger logger, long count, int capacity);
}
