using CxGrains.Abstractions;
using CxGrains.Grains.Alerts;
using CxGrains.Grains.Live;
using CxGrains.Grains.Options;
using CxGrains.Grains.Storage;
using CxGrains.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
    private GroupCommit? _commit;
    private AggregateLiveFeed? _live;
    private bool _dirty;

    /// <summary>The grain's state.</summary>
    protected AggregateState State => state.State;

    /// <summary>Now, in UTC ticks, from the injected clock.</summary>
    protected long NowTicks => time.GetUtcNow().UtcTicks;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _commit = new GroupCommit(WriteAsync, ServiceProvider.GetRequiredService<GrainMetrics>(),
            this is SegmentGrain ? GrainMetrics.SegmentGrain : GrainMetrics.TouchpointGrain);
        var interval = durability.Value.AggregateWriteBehindInterval;
        this.RegisterGrainTimer(_ => _dirty && !_commit.Busy ? _commit.CommitAsync() : Task.CompletedTask, interval, interval);
        _live = AggregateLiveFeed.For(this);
        return Task.CompletedTask;
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
        var now = NowTicks;
        foreach (var bucket in delta.Buckets)
        {
            State.Windows.Record(bucket.AtTicks, bucket.Counts, now);
            State.LifetimeEvents += bucket.Counts.Events;
        }

        // Alert rules over the merged windows (docs/alerts.md); their state is part of State.
        ServiceProvider.GetRequiredService<AggregateAlerts>().Evaluate(this is ISegmentGrain ? AlertSubjectKind.Segment : AlertSubjectKind.Touchpoint, this.GetPrimaryKeyString(), State, now);
        MarkDirty();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<AggregateSnapshot?> GetSnapshot(WindowKind window)
    {
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

    /// <summary>Writes the state now, sharing a write already queued (durable merges).</summary>
    protected Task CommitAsync() => _commit!.CommitAsync();

    private async Task WriteAsync()
    {
        _dirty = false;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            _dirty = true;
            throw;
        }
    }
}
