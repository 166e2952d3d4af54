using CxGrains.Abstractions;
using CxGrains.Grains.Queues;
using CxGrains.Grains.Storage;
using CxGrains.Scoring.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// Rolling metrics of one touchpoint, fed by every silo's accumulator; in ack mode durable by the
/// journal writers' deliveries instead (<see cref="TouchpointDelivery"/>), each applied once and
/// written behind like everything else; the receipt tells the sender how far the written state holds
/// them. A touchpoint that is a contact-centre queue also keeps the
/// queue's live state, fed by ingest with queue steps.
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

    // Each writer's last commit the written state holds: deliveries are applied at once and written behind.
    private Dictionary<string, long>? _stored;

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
    public async Task<DeliveryReceipt> Deliver(TouchpointDelivery delivery)
    {
        var last = AppliedThrough(delivery.Origin);
        if (delivery.Through <= last)
        {
            // Applied before (a resend after a lost reply, a sender asking how far it is stored, or a
            // survivor's recovery): write it now if asked to, then say how far it is.
            if (delivery.StoreNow && StoredThrough(delivery.Origin) < delivery.Through)
            {
                await CommitAsync();
            }

            return Receipt(delivery.Origin);
        }

        if (delivery.After != last)
        {
            // It does not continue from what this touchpoint has: applying it could count commits
            // twice or skip some. The sender decides from the answer.
            LogDeliveryOutOfOrder(logger, delivery.Origin, delivery.After, delivery.Through, last);
            return Receipt(delivery.Origin);
        }

        Record(new AggregateDelta { Delivery = delivery });
        if (delivery.StoreNow)
        {
            await CommitAsync();
        }

        return Receipt(delivery.Origin);
    }

    /// <inheritdoc />
    public Task<long> DeliveredThrough(string origin) => Task.FromResult(AppliedThrough(origin));

    /// <inheritdoc />
    protected override void OnStateStored() =>
        _stored = State.Delivered is { Count: > 0 } delivered ? new Dictionary<string, long>(delivered, StringComparer.Ordinal) : null;

    private long AppliedThrough(string origin) => State.Delivered?.GetValueOrDefault(origin) ?? 0;

    private long StoredThrough(string origin) => _stored?.GetValueOrDefault(origin) ?? 0;

    private DeliveryReceipt Receipt(string origin) => new(AppliedThrough(origin), StoredThrough(origin));

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

        if (delta.Delivery is { } delivery)
        {
            var delivered = State.Delivered ??= new Dictionary<string, long>(StringComparer.Ordinal);
            if (delivered.GetValueOrDefault(delivery.Origin) != delivery.After)
            {
                // Re-applied after a write conflict, on state another activation wrote: it holds this delivery
                // already, or part of it (a resend from an older point), or less. Its counts cannot be split, so
                // it is dropped; the sender sees the touchpoint's record in later receipts and resends from there.
                return;
            }

            delivered[delivery.Origin] = delivery.Through;
            delta = delta with { Buckets = delivery.Buckets, Delivery = null };
        }

        base.Apply(delta, nowTicks);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery from {Origin} of commits {After}+1..{Through} does not continue from commit {Last}, the last applied: not applied")]
    private static partial void LogDeliveryOutOfOrder(ILogger logger, string origin, long after, long through, long last);
}
