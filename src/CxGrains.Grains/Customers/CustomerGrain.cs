using System.Diagnostics.CodeAnalysis;
using CxGrains.Abstractions;
using CxGrains.Grains.Aggregates;
using CxGrains.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace CxGrains.Grains.Customers;

/// <summary>
/// One customer's experience state, and the orchestration around it: events are applied by the
/// silo's <see cref="CustomerEventApplier"/> (dedupe, scoring, counts to the accumulator) and the
/// customer re-scored by its <see cref="CustomerHealthReporter"/>. The grain owns its state and decides
/// when it is read (on activation), written (behind, through <see cref="CustomerStore"/>) and merged
/// with another activation's (<see cref="CustomerStateMerger"/>), and when it is erased, with what the
/// customer left elsewhere (<see cref="CustomerErasure"/>). In ack mode durable a
/// call returns once its events are in the event journal (<see cref="CustomerJournaling"/>): an
/// activation replays the journal's entries after its stored state, so the state written behind
/// loses nothing in a crash. An event's touchpoint counts travel with its journal entry and reach the
/// touchpoint exactly once after the commit (<see cref="TouchpointDeliveries"/>): the call does not
/// wait for them.
/// </summary>
// Reentrant so that, in durable mode, calls arriving while an append is in flight apply their
// events and join the next append (group commit). Every state change happens in one synchronous
// stretch between awaits, so interleaving never sees half an update.
//
// A million of these stay in memory, so the grain keeps its own footprint small: it is its own
// IGrainState for the silo's CustomerStore (Orleans' [PersistentState] bridge costs ~500 bytes an
// activation), and writes behind on the silo's one write-behind clock
// (CustomerWriteBehind) rather than a grain timer or a delay task of its own (a timer leaves ~400
// bytes behind per activation even after it is disposed; a delay per write costs a timer each).
// It reaches the silo's services through one CustomerGrainServices, not a field for each.
//
// Two parts of their own: writing the state and merging it with another activation's (CustomerGrain.Storage.cs),
// and ack mode durable's journal replay, journal merges and recompute (CustomerGrain.Journal.cs).
[Reentrant]
[GrainType("cx.customer")]
public sealed partial class CustomerGrain(CustomerGrainServices services) : Grain, ICustomerGrain, IGrainState<CustomerState>, CustomerWriteBehind.IWriter, BandChangeSweep.IWatcher
{
    private CustomerState _state = new();
    private string? _etag;
    private bool _recordExists;
    private GroupCommit? _commit;
    private bool _dirty;
    private bool _writeBehindEnlisted;
    private volatile bool _deactivating;

    // This customer's slot in the silo's band sweep; only a customer whose band decay would change holds one.
    private int _bandSlot = BandChangeSweep.NoSlot;

    // Ack mode applied: events applied since the last stored write, re-applied on the stored state if a write meets
    // a version conflict (another activation of this customer wrote first). Null while there are none and no
    // erasure waits for its write: most customers are idle and written.
    private UnsavedEvents? _unsaved;

    // Ack mode durable: applied events on their way into the journal; dropped while there are none.
    private CustomerJournaling? _journaling;

    // Ack mode durable: the journal sequence the stored state includes, as far as this activation knows.
    private long _storedSequence;

    private bool Durable => services.Durability.AckMode == AckMode.Durable;

    // Activated while the membership was unsettled and still following the stored state (CustomerGrain.Storage.cs).
    private bool Following => services.Churn.IsFollowing(this);

    // Before a read or an override: answers never come from before a write another activation has finished.
    private Task CatchUpIfFollowingAsync() => Following ? CatchUpWithStoredStateAsync() : Task.CompletedTask;

    private bool UnsavedFromEmpty => _unsaved is { FromEmpty: true };

    private CustomerJournaling Journaling => _journaling ??= new CustomerJournaling(
        this.GetPrimaryKeyString(), ServiceProvider.GetRequiredService<CustomerJournal>(), () => _state, ApplyJournaled);

    private CustomerState State => _state;

    // Created on the first write and dropped once write-behind is done: most customers are idle.
    private GroupCommit Commit => _commit ??= new GroupCommit(WriteAsync, services.Metrics, GrainMetrics.CustomerGrain);

    /// <inheritdoc />
    [AllowNull]
    CustomerState IGrainState<CustomerState>.State { get => _state; set => _state = value ?? new(); }

    /// <inheritdoc />
    string? IGrainState<CustomerState>.ETag { get => _etag; set => _etag = value; }

    /// <inheritdoc />
    bool IGrainState<CustomerState>.RecordExists { get => _recordExists; set => _recordExists = value; }

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await services.Store.LoadAsync(this.GetGrainId(), this);
        _storedSequence = _state.JournalSequence;

        // Share the attribute set with the silo's other customers that have the same attributes.
        _state.SegmentAttributes = services.AttributeDictionaries.Intern(_state.SegmentAttributes);
        if (Durable)
        {
            await ReplayJournalAsync();
        }

        // Settles on activation: decay (or a changed scorecard) may have moved the band while it was not active.
        SettleBand(services.Time.GetUtcNow().UtcTicks);

        services.Metrics.CustomerActivations(+1);
        if (services.Churn.Unsettled)
        {
            _ = FollowStoredStateAsync();
        }
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            _deactivating = true;
            services.BandSweep.Release(ref _bandSlot);

            // Asleep, the customer is beyond the sweep: its segments take over the band changes ahead.
            if (_state.EventCount > 0 && await services.Health.GoingToSleepAsync(this, _state, services.Time.GetUtcNow().UtcTicks, cancellationToken))
            {
                _dirty = true;
                Commit.Changed();
            }

            // Also when a write is in flight and nothing changed since: waiting for it (and writing once
            // more after it) keeps a conflict it meets from finishing after a new activation has read.
            // In ack mode durable the write first appends what is not yet journaled.
            if (_dirty || _commit is { Busy: true })
            {
                await Commit.CommitAsync();
            }
        }
        finally
        {
            services.Metrics.CustomerActivations(-1);

            // The follow loop ends at its next turn; an activation gone meanwhile is not kept listed.
            services.Churn.Unfollow(this);
        }
    }

    /// <inheritdoc />
    public async Task<ApplyResult> Apply(IReadOnlyList<CustomerEvent> events)
    {
        var applied = 0;
        var duplicates = 0;
        var now = services.Time.GetUtcNow().UtcTicks;

        var durable = Durable;
        foreach (var e in events)
        {
            if (services.Applier.Apply(_state, e, journaled: durable, replay: false))
            {
                applied++;
                if (durable)
                {
                    Journaling.Add(e, now);
                }
            }
            else
            {
                duplicates++;
            }
        }

        if (applied > 0)
        {
            // Ack mode durable rebuilds from the journal instead: a long snapshot interval keeps nothing in memory.
            if (!durable)
            {
                (_unsaved ??= new(services.UnsavedEvents)).Add(events);
            }

            ReportHealth(now);
            _dirty = true;
            Commit.Changed();
            EnlistWriteBehind();
            if (durable && _state.JournalSequence - _storedSequence >= services.Durability.SnapshotEvents && _commit is not { Busy: true })
            {
                // A long journal tail makes the next activation replay long: snapshot now, behind the ack.
                _ = WriteBehindAsync();
            }
        }

        if (durable)
        {
            // Acknowledged means journaled; also after duplicates only: a resend of an event whose
            // append failed must not be acked before it is journaled.
            if (_journaling is { Unjournaled: true })
            {
                try
                {
                    await _journaling.CommitAsync();
                }
                catch (Exception ex)
                {
                    throw StorageUnavailableException.Because("the customer's events could not be journaled", ex);
                }
            }
        }

        return new ApplyResult(applied, duplicates);
    }

    /// <inheritdoc />
    public async Task<CustomerSnapshot?> GetSnapshot()
    {
        await CatchUpIfFollowingAsync();

        if (State.EventCount == 0)
        {
            return null;
        }

        // Settled lazily on read too: the band sweep may not have come round yet.
        var now = services.Time.GetUtcNow().UtcTicks;
        if (services.BandSweep.IsDue(_bandSlot, now))
        {
            SettleBand(now);
        }

        SettleExpiredOverride(now);
        return Snapshot(now);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HealthHistoryPoint>?> GetHistory()
    {
        await CatchUpIfFollowingAsync();

        if (State.EventCount == 0)
        {
            return null;
        }

        SettleExpiredOverride(services.Time.GetUtcNow().UtcTicks);
        return State.History?.ToPoints() ?? [];
    }

    /// <inheritdoc />
    public Task<CustomerSnapshot?> SetHealthOverride(HealthOverride healthOverride) => ChangeOverrideAsync(healthOverride);

    /// <inheritdoc />
    public Task<CustomerSnapshot?> ClearHealthOverride() => ChangeOverrideAsync(null);

    private async Task<CustomerSnapshot?> ChangeOverrideAsync(HealthOverride? healthOverride)
    {
        // Set on the latest stored state, not on one another activation has since written over.
        await CatchUpIfFollowingAsync();

        if (State.EventCount == 0)
        {
            return null;
        }

        var now = services.Time.GetUtcNow().UtcTicks;
        _state.Override = healthOverride;

        // Segments count the band the override sets, and the day's history point marks it.
        ReportHealth(now);
        _dirty = true;

        // Stored before the call returns: an override is not an event, so no journal replays it.
        try
        {
            await Commit.CommitAsync();
        }
        catch (Exception ex)
        {
            throw StorageUnavailableException.Because("the customer's override could not be stored", ex);
        }

        return Snapshot(now);
    }

    private CustomerSnapshot Snapshot(long nowTicks) =>
        CustomerSnapshots.Create(this.GetPrimaryKeyString(), State, services.Options, services.Scorecards.For(State.SegmentAttributes), nowTicks);

    /// <summary>
    /// An override ends by itself at its expiry, without a timer: a read after it re-scores the customer
    /// (its segments then count the computed band again) and stores the state without it.
    /// </summary>
    private void SettleExpiredOverride(long nowTicks)
    {
        if (_state.Override is { } o && !o.ActiveAt(nowTicks))
        {
            ReportHealth(nowTicks);
            _dirty = true;
            Commit.Changed();
            EnlistWriteBehind();
        }
    }

    /// <inheritdoc />
    public async Task<bool> Erase()
    {
        if (State.EventCount == 0 && !_recordExists)
        {
            return false;
        }

        var customerId = this.GetPrimaryKeyString();

        // An append in flight lands before the journal's entries are deleted.
        if (_journaling is not null)
        {
            await _journaling.ForgetAsync();
        }

        var erasure = ServiceProvider.GetRequiredService<CustomerErasure>();
        await erasure.EraseJournalAsync(customerId);

        var memberOf = State.Segments;

        var band = State.Band is { } reported ? State.Crossings.FinalOr(reported) : (Scoring.HealthBand?)null;
        services.BandSweep.Release(ref _bandSlot);
        var unsent = services.Accumulator.ForgetCustomer(customerId, memberOf);
        (_unsaved ??= new(services.UnsavedEvents)).Restart();
        _state = new CustomerState();
        _state.SegmentAttributes = services.AttributeDictionaries.Intern(_state.SegmentAttributes);
        _dirty = true;
        await Commit.CommitAsync();
        await erasure.ForgetAsync(customerId, memberOf, band, unsent);

        LogErased(services.Logger);
        DeactivateOnIdle();
        return true;
    }

    /// <summary>
    /// Re-scores the customer, tells its segments about a band, membership or priority change, and tells the silo's
    /// band sweep when decay alone would change the band next. True when the state changed (something was reported, or
    /// changes its segments applied were settled).
    /// </summary>
    private bool ReportHealth(long nowTicks)
    {
        var changed = services.Health.Report(this, _state, nowTicks, out var nextBandChange);
        services.BandSweep.Schedule(ref _bandSlot, this, nextBandChange);
        return changed;
    }

    /// <summary>Re-scores a customer with no new event (decay moved it, or its scorecard changed); writes what moved.</summary>
    private void SettleBand(long nowTicks)
    {
        if (_state.EventCount > 0 && ReportHealth(nowTicks))
        {
            _dirty = true;
            Commit.Changed();
            EnlistWriteBehind();
        }
    }

    /// <inheritdoc />
    void BandChangeSweep.IWatcher.BandChangeDue()
    {
        if (_deactivating)
        {
            return;
        }

        try
        {
            SettleBand(services.Time.GetUtcNow().UtcTicks);
        }
        catch (Exception ex)
        {
            LogSettleFailed(services.Logger, ex);
        }
    }

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Re-scoring a customer whose band changed with time failed; it is re-scored on its next event or read")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Customer erased")]
    private static partial void LogErased(ILogger logger);
}
