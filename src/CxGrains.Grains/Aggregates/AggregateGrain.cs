using CxGrains.Abstractions;
using CxGrains.Grains.Alerts;
using CxGrains.Grains.Live;
using CxGrains.Grains.Storage;
using CxGrains.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// Shared behaviour of touchpoint and segment grains: merge accumulator deltas into rolling
/// windows, answer snapshots, write state behind on a timer and on deactivation.
/// </summary>
public abstract class AggregateGrain(
    IPersistentState<AggregateState> state,
    IOptions<DurabilityOptions> durability,
    TimeProvider time) : Grain, IAggregateGrain
{
    private readonly UnsavedChanges<AggregateDelta> _unsaved = new();
    private GroupCommit? _commit;
    private AggregateLiveFeed? _live;
    private bool _dirty;
    private IGrainTimer? _followStored;

    // A recompute run's new windows while it fills them; null otherwise.
    private WindowRebuild? _rebuild;

    /// <summary>Touchpoint or segment.</summary>
    protected abstract AggregateKind Kind { get; }

    /// <summary>The grain's state.</summary>
    protected AggregateState State => state.State;

    /// <summary>Now, in UTC ticks, from the injected clock.</summary>
    protected long NowTicks => time.GetUtcNow().UtcTicks;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _commit = new GroupCommit(WriteAsync, ServiceProvider.GetRequiredService<GrainMetrics>(),
            Kind == AggregateKind.Segment ? GrainMetrics.SegmentGrain : GrainMetrics.TouchpointGrain);
        var interval = durability.Value.AggregateWriteBehindInterval;
        this.RegisterGrainTimer(_ => OnWriteBehindTick(), interval, interval);
        _live = AggregateLiveFeed.For(this, Kind, NextChangeByTimeTicks);
        OnStateStored();
        var churn = ServiceProvider.GetRequiredService<MembershipChurn>();
        if (churn.Unsettled)
        {
            // Another activation may still be writing its last state on a stopping silo (see
            // MembershipChurn): follow the stored state until the membership settles.
            _followStored = this.RegisterGrainTimer(() => FollowStoredStateAsync(churn), StoredStateFollowInterval, StoredStateFollowInterval);
        }

        return Task.CompletedTask;
    }

    // Also the clock of changes that come with time alone (segments: customers' band changes).
    private Task OnWriteBehindTick()
    {
        if (ApplyDueChanges(NowTicks))
        {
            MarkDirty();
        }

        return _dirty && !_commit!.Busy ? _commit.CommitAsync() : Task.CompletedTask;
    }

    /// <summary>
    /// Applies the changes that time alone brings by <paramref name="nowTicks"/> (segments: band changes customers
    /// announced); true when something changed. Called on merges, reads and the write-behind tick.
    /// </summary>
    protected virtual bool ApplyDueChanges(long nowTicks) => false;

    /// <summary>Applies changes due by now before a read answers; writes them behind, and pushes none (the read is one).</summary>
    protected void SettleOnRead()
    {
        if (ApplyDueChanges(NowTicks))
        {
            _dirty = true;
            _commit?.Changed();
        }
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await _commit!.CommitAsync();
        }
    }

    /// <inheritdoc />
    public virtual Task Merge(AggregateDelta delta)
    {
        Record(delta);
        return Task.CompletedTask;
    }

    /// <summary>Applies a delta, evaluates alert rules and marks the state for writing.</summary>
    protected void Record(AggregateDelta delta)
    {
        var now = NowTicks;
        if (!TakeStamp(delta, now))
        {
            return;
        }

        _unsaved.Add(delta);

        // Changes that came due before this delta arrived go first: the delta is newer than them.
        ApplyDueChanges(now);
        Apply(delta, now);

        // And those of the delta that are due already (it was delayed, or announced a change in the past).
        ApplyDueChanges(now);

        // Live counts merged during a recompute also go into the new windows: the journal's counts stop at the run's cut.
        _rebuild?.Add(delta, now);

        // Alert rules over the merged windows (docs/alerts.md); their state is part of State.
        EvaluateAlerts(now, newData: true);
        MarkDirty();
    }

    /// <inheritdoc />
    public Task RecheckAlerts()
    {
        if (EvaluateAlerts(NowTicks, newData: false))
        {
            MarkDirty();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task BeginRebuild(Guid runId)
    {
        if (_rebuild?.RunId != runId)
        {
            // Touchpoints: which journal commits had reached this touchpoint when the rebuild began.
            _rebuild = new WindowRebuild(runId, State.Delivered is { } delivered ? new Dictionary<string, long>(delivered, StringComparer.Ordinal) : null);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> AddRebuilt(Guid runId, AggregateDelta counts)
    {
        if (_rebuild?.RunId != runId)
        {
            return Task.FromResult(false);
        }

        _rebuild.Add(counts, NowTicks);
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public async Task<bool> FinishRebuild(Guid runId)
    {
        if (_rebuild is not { } rebuild || rebuild.RunId != runId)
        {
            return false;
        }

        _rebuild = null;
        var now = NowTicks;
        State.Windows = rebuild.Windows;
        EvaluateAlerts(now, newData: true);
        MarkDirty();
        await CommitAsync();
        return true;
    }

    /// <inheritdoc />
    public Task AbandonRebuild(Guid runId)
    {
        if (_rebuild?.RunId == runId)
        {
            _rebuild = null;
        }

        return Task.CompletedTask;
    }

    private bool EvaluateAlerts(long nowTicks, bool newData) =>
        ServiceProvider.GetRequiredService<AggregateAlerts>().Evaluate(
            Kind, this.GetPrimaryKeyString(), State, nowTicks, newData);

    /// <summary>
    /// True when <paramref name="delta"/> is to be applied, recording its stamp; false for a stamped send
    /// applied before (a resend after a lost reply, or on another activation's state after a write conflict).
    /// </summary>
    private bool TakeStamp(AggregateDelta delta, long nowTicks)
    {
        if (delta.Stamp is not { } stamp)
        {
            return true;
        }

        var merged = State.Merged ??= new Dictionary<string, MergeMark>(StringComparer.Ordinal);
        if (merged.TryGetValue(stamp.Origin, out var mark))
        {
            if (mark.Number >= stamp.Number)
            {
                return false;
            }
        }
        else
        {
            // A new sender (a silo started): the marks of senders silent for long go, so the record stays small.
            foreach (var (origin, old) in merged)
            {
                if (nowTicks - old.AtTicks > SilentOriginForgottenAfter.Ticks)
                {
                    merged.Remove(origin);
                }
            }
        }

        merged[stamp.Origin] = new MergeMark(stamp.Number, nowTicks);
        return true;
    }

    // A sender resends within a flush interval or two; one silent this long has stopped.
    private static readonly TimeSpan SilentOriginForgottenAfter = TimeSpan.FromHours(1);

    /// <summary>
    /// Changes the state by one delta. Also re-applies unsaved deltas on the stored state after a
    /// write conflict, so it must depend on nothing but the state and the delta.
    /// </summary>
    protected virtual void Apply(AggregateDelta delta, long nowTicks)
    {
        foreach (var bucket in delta.Buckets)
        {
            State.Windows.Record(bucket.AtTicks, bucket.Counts, nowTicks);
            State.LifetimeEvents += bucket.Counts.Events;
        }
    }

    /// <inheritdoc />
    public Task<AggregateSnapshot?> GetSnapshot(WindowKind window)
    {
        SettleOnRead();
        if (!HasData)
        {
            return Task.FromResult<AggregateSnapshot?>(null);
        }

        var now = NowTicks;
        return Task.FromResult<AggregateSnapshot?>(Describe(new AggregateSnapshot
        {
            Key = this.GetPrimaryKeyString(),
            Window = window,
            Counts = State.Windows.Total(window, now),
            Health = State.Health,
            AsOfTicks = now,
            LifetimeEvents = State.LifetimeEvents,
        }));
    }

    /// <summary>
    /// The next time the aggregate's figures change with no new data (a window ages), so live views
    /// are pushed then; null when nothing will.
    /// </summary>
    protected virtual long? NextChangeByTimeTicks(long nowTicks) => State.Windows.NextAgeingTicks(nowTicks);

    /// <summary>True once anything was merged.</summary>
    protected virtual bool HasData => State.LifetimeEvents > 0;

    /// <summary>Adds kind-specific fields to a snapshot.</summary>
    protected virtual AggregateSnapshot Describe(AggregateSnapshot snapshot) => snapshot;

    /// <summary>Marks the state as changed so the write-behind timer writes it.</summary>
    protected void MarkDirty()
    {
        _dirty = true;
        _commit?.Changed();
        _live?.Changed();
    }

    /// <summary>
    /// The state as it is now is the state in storage: it was just read or written. Writes run on the
    /// grain's scheduler without interleaving calls that change the state, so nothing changed in between.
    /// </summary>
    protected virtual void OnStateStored()
    {
    }

    /// <summary>Writes the state now, sharing a write already queued (durable merges).</summary>
    protected Task CommitAsync() => _commit!.CommitAsync();

    private async Task WriteAsync()
    {
        _dirty = false;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var mark = _unsaved.Mark();
                try
                {
                    await state.WriteStateAsync();
                    _unsaved.Stored(mark);
                    OnStateStored();
                    return;
                }
                catch (InconsistentStateException) when (attempt < MaxConflictMerges)
                {
                    // Another activation of this aggregate wrote first (Orleans' directory allows brief
                    // duplicates, e.g. around a stopping silo): re-apply this one's unsaved deltas on the
                    // stored state. Deltas are disjoint across activations; touchpoints drop tracked events
                    // the stored state already has.
                }

                await state.ReadStateAsync();
                var now = NowTicks;
                foreach (var delta in _unsaved.Items)
                {
                    if (TakeStamp(delta, now))
                    {
                        Apply(delta, now);
                    }
                }
            }
        }
        catch
        {
            _dirty = true;
            throw;
        }
    }

    /// <summary>
    /// While the membership is unsettled: writes now if dirty (a conflict merges the other
    /// activation's state), else re-reads the stored state in case another activation wrote it.
    /// </summary>
    private async Task FollowStoredStateAsync(MembershipChurn churn)
    {
        if (!churn.Unsettled)
        {
            _followStored?.Dispose();
            _followStored = null;
        }

        if (_commit!.Busy)
        {
            return;
        }

        if (_dirty)
        {
            await _commit.CommitAsync();
            return;
        }

        // Not dirty: nothing unsaved, so the stored state is all there is to know.
        var etag = state.Etag;
        await state.ReadStateAsync();
        OnStateStored();
        if (state.Etag != etag)
        {
            _live?.Changed();
        }
    }

    private static readonly TimeSpan StoredStateFollowInterval = TimeSpan.FromSeconds(1);

    // Each retry re-reads first; more conflicts in a row are left to the next write-behind round.
    private const int MaxConflictMerges = 5;
}
