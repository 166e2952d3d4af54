using System.Diagnostics.CodeAnalysis;
using CxGrains.Abstractions;
using CxGrains.Grains.Aggregates;
using CxGrains.Grains.Alerts;
using CxGrains.Grains.Options;
using CxGrains.Grains.Storage;
using CxGrains.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Storage;

namespace CxGrains.Grains.Customers;

/// <summary>
/// One customer's experience state. Applies events through the scoring core, drops resends,
/// reports each event's counts to the silo's accumulator and band changes to its segments, and
/// writes its state behind (ack mode applied) or before answering (ack mode durable). In ack mode
/// durable an event's touchpoint counts travel through an outbox kept in the state, and a call
/// returns only once its events' touchpoints have applied and written them (exactly once).
/// </summary>
// Reentrant so that, in durable mode, calls arriving while a write is in flight apply their
// events and join the next write (group commit). Every state change happens in one synchronous
// stretch between awaits, so interleaving never sees half an update.
//
// A million of these stay in memory, so the grain keeps its own footprint small: it reads and
// writes grain storage itself, as its own IGrainState (Orleans' [PersistentState] bridge costs
// ~500 bytes an activation), and writes behind on the silo's one write-behind clock
// (CustomerWriteBehind) rather than a grain timer or a delay task of its own (a timer leaves ~400
// bytes behind per activation even after it is disposed; a delay per write costs a timer each).
[Reentrant]
[GrainType("cx.customer")]
public sealed partial class CustomerGrain(
    IOptions<CustomerOptions> customerOptions,
    IOptions<DurabilityOptions> durabilityOptions,
    ServiceTargets targets,
    SegmentRouting segments,
    AggregateAccumulator accumulator,
    StringPool strings,
    AttributeDictionaryPool attributeDictionaries,
    CustomerWriteBehind writeBehind,
    TimeProvider time,
    ILogger<CustomerGrain> logger) : Grain, ICustomerGrain, IGrainState<CustomerState>, CustomerWriteBehind.IWriter
{
    private readonly CustomerOptions _options = customerOptions.Value;
    private readonly DurabilityOptions _durability = durabilityOptions.Value;
    private IGrainStorage? _storage;
    private CustomerState _state = new();
    private string? _etag;
    private bool _recordExists;
    private GroupCommit? _commit;
    private GrainMetrics? _metrics;
    private bool _dirty;
    private bool _writeBehindEnlisted;
    private volatile bool _deactivating;

    // Batches applied since the last stored write, re-applied on the stored state if a write meets
    // a version conflict (another activation of this customer wrote first).
    private readonly UnsavedChanges<IReadOnlyList<CustomerEvent>> _unsaved = new();

    // Ack mode durable: confirmations of outbox entries on their way to their touchpoints, and
    // whether confirmed entries were removed since the last write (persisted with the next one).
    private Dictionary<long, Confirmation>? _inFlight;
    private bool _outboxTrimmed;

    private bool Durable => _durability.AckMode == AckMode.Durable;

    private CustomerState State => _state;

    // Created on the first write and dropped once write-behind is done: most customers are idle.
    private GroupCommit Commit => _commit ??= new GroupCommit(WriteAsync, _metrics, GrainMetrics.CustomerGrain);

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
        _metrics = ServiceProvider.GetRequiredService<GrainMetrics>();
        _storage = ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider);
        try
        {
            await _storage.ReadStateAsync(StorageNames.Customer, this.GetGrainId(), this);
        }
        catch (Exception ex)
        {
            throw new StorageUnavailableException($"storage is unavailable: the customer's stored state could not be read: {ex.Message}", ex);
        }

        // Share the attribute set with the silo's other customers that have the same attributes.
        _state.SegmentAttributes = attributeDictionaries.Intern(_state.SegmentAttributes);
        _metrics.CustomerActivations(+1);
        if (ServiceProvider.GetRequiredService<MembershipChurn>().Unsettled)
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
            if (_inFlight is { Count: > 0 })
            {
                // Let confirmations arriving soon trim the outbox before the last write; what is still
                // unconfirmed then is stored and re-forwarded by the next activation.
                try
                {
                    await Task.WhenAll(_inFlight.Values.Distinct().Select(c => c.Task)).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                }
                catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
                {
                    // Stored with the outbox.
                }
            }

            if (_dirty || _outboxTrimmed)
            {
                await Commit.CommitAsync();
            }
        }
        finally
        {
            _metrics?.CustomerActivations(-1);
        }
    }

    /// <inheritdoc />
    public async Task<ApplyResult> Apply(IReadOnlyList<CustomerEvent> events)
    {
        var applied = 0;
        var duplicates = 0;
        var now = time.GetUtcNow().UtcTicks;

        // Durable: the dedupe keys of this call's events, new and resent, whose touchpoints must
        // have them before the call returns.
        var keys = Durable ? new HashSet<long>(events.Count) : null;
        var customerId = keys is null ? null : this.GetPrimaryKeyString();
        foreach (var e in events)
        {
            var key = keys is null ? 0 : EventIdHash.Of(customerId!, e.EventId);
            if (ApplyOne(e, key, now, replay: false))
            {
                applied++;
            }
            else
            {
                duplicates++;
            }

            keys?.Add(key);
        }

        if (applied > 0)
        {
            _unsaved.Add(events);
            ReportHealth(now);
            _dirty = true;
            Commit.Changed();
        }

        if (keys is not null)
        {
            // Also after duplicates only: a resend after a failed write must not be acked unwritten.
            if (_dirty)
            {
                try
                {
                    await Commit.CommitAsync();
                }
                catch (Exception ex)
                {
                    throw new StorageUnavailableException($"storage is unavailable: the customer's state could not be written: {ex.Message}", ex);
                }
            }

            // A resent event whose counts are still in the outbox (stored, not confirmed, e.g. the
            // silo died before the ack) is forwarded again: the touchpoint drops it if it had it.
            // A failed send of them (storage down, a silo gone) ends the wait at once: the events stay
            // in the stored outbox, are retried and confirmed later, and a resend is acked then.
            await ForwardOutboxAsync(keys);
        }
        else if (applied > 0)
        {
            EnlistWriteBehind();
        }

        return new ApplyResult(applied, duplicates);
    }

    /// <inheritdoc />
    public Task<CustomerSnapshot?> GetSnapshot() =>
        Task.FromResult(State.EventCount == 0 ? null : CustomerSnapshots.Create(this.GetPrimaryKeyString(), State, _options, time.GetUtcNow().UtcTicks));

    /// <inheritdoc />
    public async Task<bool> Erase()
    {
        if (State.EventCount == 0 && !_recordExists)
        {
            return false;
        }

        var customerId = this.GetPrimaryKeyString();
        var memberOf = State.Segments;
        var band = State.Band;
        accumulator.ForgetCustomer(customerId, memberOf);
        _unsaved.Restart();
        _state = new CustomerState();
        _state.SegmentAttributes = attributeDictionaries.Intern(_state.SegmentAttributes);
        _dirty = true;
        await Commit.CommitAsync();

        // At once rather than through the accumulator: after an erase the customer must not be
        // listed anywhere, not even for one flush interval.
        if (band is { } lastBand)
        {
            await Task.WhenAll(memberOf.Select(s => GrainFactory.GetGrain<ISegmentGrain>(s).ForgetCustomer(customerId, lastBand)));
        }

        await ServiceProvider.GetRequiredService<CustomerAlerts>().ForgetAsync(customerId);

        LogErased(logger);
        DeactivateOnIdle();
        return true;
    }

    /// <summary>
    /// Applies one event unless it is a resend; <paramref name="key"/> is its dedupe key in ack mode
    /// durable, else 0. A <paramref name="replay"/> re-applies an event after a write conflict: its
    /// counts already reached the accumulator, so only the state changes (and, in ack mode durable,
    /// the outbox, whose touchpoints drop what they already have).
    /// </summary>
    private bool ApplyOne(CustomerEvent e, long key, long nowTicks, bool replay)
    {
        var idHash = EventIdHash.Of(e.EventId);
        if (Ring.Contains(State.SeenEventIds, idHash))
        {
            return false;
        }

        var s = State;
        var seen = s.SeenEventIds;
        var seenNext = s.SeenNext;
        Ring.Add(ref seen, ref seenNext, idHash, _options.DedupeHorizon);
        s.SeenEventIds = seen;
        s.SeenNext = seenNext;

        UpdateAttributes(e.Attributes);
        var target = targets.For(e.TouchpointId);
        var outcome = s.Experience.Record(e.Interaction, target, _options.Health);
        var occurredAt = e.Interaction.OccurredAtTicks;
        if (outcome.Negative)
        {
            var negatives = s.NegativeAt;
            var negativeNext = s.NegativeNext;
            Ring.Add(ref negatives, ref negativeNext, occurredAt, _options.NegativeHistory);
            s.NegativeAt = negatives;
            s.NegativeNext = negativeNext;
        }

        if (e.Interaction.Kind == InteractionKind.Nps && (s.LastNps is null || s.LastNps.OccurredAtTicks <= occurredAt))
        {
            s.LastNps = new NpsAnswerSnapshot
            {
                Score = e.Interaction.Score,
                OccurredAtTicks = occurredAt,
                ReasonCodes = e.ReasonCodes,
                Comment = Bound(e.Comment),
            };
        }

        RememberRecent(e, outcome);
        s.EventCount++;
        s.UpdatedAtTicks = Math.Max(s.UpdatedAtTicks, e.ReceivedAtTicks);

        // Touchpoints and segments are fed through the silo's accumulator, never called per event.
        var counts = default(MetricCounts);
        counts.Record(e.Interaction, target);
        if (key == 0)
        {
            if (replay)
            {
                return true;
            }

            accumulator.Record(new AggregateKey(AggregateKind.Touchpoint, e.TouchpointId), occurredAt, counts);
        }
        else
        {
            // Forwarded once the state holding it is written (ForwardOutboxAsync).
            (s.Outbox ??= []).Add(new OutboxEntry(key, strings.Intern(e.TouchpointId), occurredAt, counts, nowTicks));
        }

        // Segments stay best-effort in both modes (see docs/architecture.md).
        if (replay)
        {
            return true;
        }

        foreach (var segment in segments.EventSegments(s.SegmentAttributes, e.Channel, e.Stage))
        {
            accumulator.Record(new AggregateKey(AggregateKind.Segment, segment), occurredAt, counts);
        }

        return true;
    }

    private void UpdateAttributes(IReadOnlyDictionary<string, string> attributes)
    {
        if (attributes.Count == 0)
        {
            return;
        }

        var set = State.SegmentAttributes;

        // The front end sends dictionaries: enumerate them without boxing an enumerator per event.
        if (attributes is Dictionary<string, string> dictionary)
        {
            foreach (var (name, value) in dictionary)
            {
                set = WithAttribute(set, name, value);
            }
        }
        else
        {
            foreach (var (name, value) in attributes)
            {
                set = WithAttribute(set, name, value);
            }
        }

        if (!ReferenceEquals(set, State.SegmentAttributes))
        {
            State.SegmentAttributes = attributeDictionaries.Intern(set);
        }
    }

    private AttributeDictionary WithAttribute(AttributeDictionary set, string name, string value) =>
        segments.IsTrackedAttribute(name) && (!set.TryGetValue(name, out var known) || known != value)
            ? set.With(strings.Intern(name), strings.Intern(value))
            : set;

    private void RememberRecent(CustomerEvent e, ExperienceOutcome outcome)
    {
        var limit = _options.RecentInteractions;
        if (limit == 0)
        {
            return;
        }

        var recent = State.RecentEntries;
        if (recent.Length > limit)
        {
            // The limit was lowered in configuration: keep the newest.
            State.RecentEntries = recent = recent[..limit];
        }

        var occurredAt = e.Interaction.OccurredAtTicks;

        // Newest business time first; a late event lands in its place or, if older than all kept, nowhere.
        var index = 0;
        while (index < recent.Length && recent[index].OccurredAtTicks >= occurredAt)
        {
            index++;
        }

        if (index == recent.Length && recent.Length >= limit)
        {
            return;
        }

        var entry = new RecentEntry(e.EventId, strings.Intern(e.TouchpointId), occurredAt, outcome.Signal,
            e.Interaction.Kind, e.Channel, outcome.Negative);
        if (recent.Length == limit)
        {
            // Full: shift in place, dropping the oldest (writes serialize synchronously, never mid-shift).
            Array.Copy(recent, index, recent, index + 1, limit - index - 1);
            recent[index] = entry;
            return;
        }

        // Growing: an exactly sized array, so a customer with one event holds one entry, not a list's spare capacity.
        var next = new RecentEntry[recent.Length + 1];
        Array.Copy(recent, next, index);
        next[index] = entry;
        Array.Copy(recent, index, next, index + 1, recent.Length - index);
        State.RecentEntries = next;
    }

    /// <summary>Re-scores the customer and tells its segments about a band, membership or priority change.</summary>
    private void ReportHealth(long nowTicks)
    {
        var s = State;
        var assessment = HealthModel.Figures(s.Experience, nowTicks, _options.Health);
        var attributes = s.SegmentAttributes;

        // Computed once per (shared) attribute set: customers with the same attributes share the array.
        var newSegments = attributes.CustomerSegments ??= [.. segments.CustomerSegments(attributes).Select(strings.Intern)];
        var tier = attributes.GetValueOrDefault(DimensionNames.Tier, "");
        var priority = _options.ValueWeightOf(tier) * assessment.ChurnRisk;
        var atRiskNow = assessment.Band != HealthBand.Healthy;
        var bandChanged = s.Band != assessment.Band;
        var priorityChanged = atRiskNow && Math.Abs(s.ReportedPriority - priority) > 1e-9;

        // The common case on the ingest path: a healthy customer stays healthy in the same segments.
        if (!bandChanged && !priorityChanged && ReferenceEquals(s.Segments, newSegments))
        {
            return;
        }

        var customerId = this.GetPrimaryKeyString();
        var atRisk = atRiskNow ? new AtRiskEntry
        {
            CustomerId = customerId,
            HealthScore = assessment.Score,
            Band = assessment.Band,
            ChurnRisk = assessment.ChurnRisk,
            ValueTier = tier,
            Priority = priority,
        } : null;

        if (bandChanged)
        {
            ServiceProvider.GetRequiredService<CustomerAlerts>().OnBandChanged(customerId, s.Band, assessment.Band, tier, assessment.Score, nowTicks);
        }

        foreach (var segment in s.Segments)
        {
            if (Array.IndexOf(newSegments, segment) < 0)
            {
                accumulator.RecordBand(segment, customerId, s.Band, null, null);
            }
        }

        foreach (var segment in newSegments)
        {
            var isNew = Array.IndexOf(s.Segments, segment) < 0;
            if (isNew || bandChanged || priorityChanged)
            {
                accumulator.RecordBand(segment, customerId, isNew ? null : s.Band, assessment.Band, atRisk);
            }
        }

        s.Segments = newSegments;
        s.Band = assessment.Band;
        s.ReportedPriority = atRisk is null ? 0 : priority;
    }

    /// <summary>
    /// Sends every outbox entry not already on its way through the accumulator, and completes once
    /// the entries of <paramref name="keys"/> are confirmed. Confirmed entries leave the outbox (the
    /// removal is written with the next write); entries too old for the touchpoints' dedupe horizon
    /// are dropped rather than risk counting twice.
    /// </summary>
    private Task ForwardOutboxAsync(HashSet<long> keys)
    {
        var outbox = State.Outbox;
        if (outbox is null || outbox.Count == 0)
        {
            return Task.CompletedTask;
        }

        _inFlight ??= [];
        var oldest = time.GetUtcNow().UtcTicks - (_durability.TouchpointDedupeHorizon.Ticks / 2);
        List<Confirmation>? waits = null;
        Dictionary<Confirmation, List<long>>? sent = null;
        var stale = 0;
        foreach (var entry in outbox)
        {
            if (!_inFlight.TryGetValue(entry.Key, out var confirmation))
            {
                if (entry.StoredAtTicks < oldest)
                {
                    stale++;
                    continue;
                }

                confirmation = accumulator.RecordTracked(entry.TouchpointId, entry.Key, entry.OccurredAtTicks, entry.Counts);
                _inFlight[entry.Key] = confirmation;
                sent ??= [];
                if (!sent.TryGetValue(confirmation, out var group))
                {
                    sent[confirmation] = group = [];
                }

                group.Add(entry.Key);
            }

            if (keys.Contains(entry.Key) && !(waits ??= []).Contains(confirmation))
            {
                waits.Add(confirmation);
            }
        }

        if (stale > 0)
        {
            var inFlight = _inFlight;
            outbox.RemoveAll(e => e.StoredAtTicks < oldest && !inFlight.ContainsKey(e.Key));
            _outboxTrimmed = true;
            LogOutboxExpired(logger, stale);
        }

        if (sent is not null)
        {
            foreach (var (confirmation, group) in sent)
            {
                _ = TrimOutboxWhenConfirmedAsync(confirmation, group);
            }
        }

        return waits is null ? Task.CompletedTask : Confirmation.AllConfirmed(waits);
    }

    private async Task TrimOutboxWhenConfirmedAsync(Confirmation confirmation, List<long> keys)
    {
        // Confirmations never fault: the accumulator retries a failed flush until it succeeds.
        await confirmation.Task;
        foreach (var key in keys)
        {
            _inFlight?.Remove(key);
        }

        if (State.Outbox is { } outbox)
        {
            outbox.RemoveAll(e => keys.Contains(e.Key));
            if (outbox.Count == 0)
            {
                State.Outbox = null;
            }

            _outboxTrimmed = true;
        }
    }

    private string? Bound(string? comment) =>
        comment is null || comment.Length <= _options.CommentMaxLength ? comment : comment[.._options.CommentMaxLength];

    /// <inheritdoc />
    bool CustomerWriteBehind.IWriter.WantsWriteBehind => !_deactivating;

    /// <summary>Ack mode applied: the silo's write-behind clock says the changes are due.</summary>
    void CustomerWriteBehind.IWriter.WriteBehindDue()
    {
        _writeBehindEnlisted = false;

        // Deactivation writes the state itself.
        if (_deactivating || !_dirty)
        {
            return;
        }

        if (Commit.Busy)
        {
            // A write is in flight: the changes since it started wait for the next round.
            EnlistWriteBehind();
            return;
        }

        _ = WriteBehindAsync();
    }

    private void EnlistWriteBehind()
    {
        if (!_writeBehindEnlisted)
        {
            _writeBehindEnlisted = true;
            writeBehind.Enlist(this);
        }
    }

    private async Task WriteBehindAsync()
    {
        try
        {
            await Commit.CommitAsync();
        }
        catch (Exception)
        {
            // Logged by WriteAsync; the state stays dirty and is retried next round.
        }

        if (_dirty && !_deactivating)
        {
            EnlistWriteBehind();
        }
        else if (_commit is { Busy: false } && !_dirty && !Durable)
        {
            // Most customers are idle after a write: they keep no commit object.
            _commit = null;
        }
    }

    private async Task WriteAsync()
    {
        // Cleared before the write: changes made while it is in flight mark the grain dirty again.
        _dirty = false;
        _outboxTrimmed = false;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                // The storage copies the state at the call, so the write holds exactly the batches applied so far.
                var mark = _unsaved.Mark();
                try
                {
                    if (State.EventCount == 0)
                    {
                        await _storage!.ClearStateAsync(StorageNames.Customer, this.GetGrainId(), this);
                    }
                    else
                    {
                        await _storage!.WriteStateAsync(StorageNames.Customer, this.GetGrainId(), this);
                    }

                    _unsaved.Stored(mark);
                    return;
                }
                catch (InconsistentStateException ex) when (attempt < MaxConflictMerges)
                {
                    // Another activation of this customer wrote since this one read: take the stored
                    // state and re-apply this activation's unsaved batches on it.
                    LogWriteConflict(logger, ex.StoredEtag, ex.CurrentEtag, _unsaved.Items.Sum(b => b.Count));
                }

                MergeWith(await ReadStoredAsync());
            }
        }
        catch (Exception ex)
        {
            _dirty = true;
            LogWriteFailed(logger, ex);
            throw;
        }
    }

    /// <summary>
    /// Started by an activation while the cluster membership is unsettled, when another activation
    /// of this customer may still be writing its last state on a stopping silo: re-reads the stored
    /// state every second until the membership has settled, and merges it when another activation
    /// wrote it. Without this a customer that gets no further event would answer queries from a
    /// stale read until it deactivates.
    /// </summary>
    private async Task FollowStoredStateAsync()
    {
        var churn = ServiceProvider.GetRequiredService<MembershipChurn>();
        var settled = false;
        while (!settled && !_deactivating)
        {
            await Task.Delay(StoredStateFollowInterval, time);
            settled = !churn.Unsettled;
            if (_deactivating || _commit is { Busy: true })
            {
                continue;
            }

            try
            {
                var etag = _etag;
                var stored = await ReadStoredAsync();

                // A write of ours that ran meanwhile, or one in flight now, settles it instead.
                if (stored.ETag != etag && _etag == etag && _commit is not { Busy: true } && !_deactivating)
                {
                    LogStoredByOther(logger, stored.ETag, etag);
                    MergeWith(stored);
                }
            }
            catch (Exception ex)
            {
                LogFollowFailed(logger, ex);
            }
        }
    }

    private async Task<GrainState<CustomerState>> ReadStoredAsync()
    {
        // Read into a holder, not into this grain: calls keep applying events while the read is in flight.
        var stored = new GrainState<CustomerState>();
        await _storage!.ReadStateAsync(StorageNames.Customer, this.GetGrainId(), stored);
        return stored;
    }

    /// <summary>
    /// Replaces the state by <paramref name="stored"/> plus this activation's unsaved batches; events
    /// the stored state already holds are dropped by its dedupe ring, so nothing counts twice.
    /// </summary>
    private void MergeWith(GrainState<CustomerState> stored)
    {
        var mine = _state;
        var merged = _unsaved.FromEmpty || stored.State is null ? new CustomerState() : stored.State;

        // What this activation told its segments stays the baseline of its next band report.
        merged.Segments = mine.Segments;
        merged.Band = mine.Band;
        merged.ReportedPriority = mine.ReportedPriority;
        merged.SegmentAttributes = attributeDictionaries.Intern(merged.SegmentAttributes);
        _state = merged;
        _etag = stored.ETag;
        _recordExists = stored.RecordExists;

        var now = time.GetUtcNow().UtcTicks;
        var customerId = Durable ? this.GetPrimaryKeyString() : null;
        var reapplied = 0;
        foreach (var batch in _unsaved.Items)
        {
            foreach (var e in batch)
            {
                if (ApplyOne(e, customerId is null ? 0 : EventIdHash.Of(customerId, e.EventId), now, replay: true))
                {
                    reapplied++;
                }
            }
        }

        if (merged.EventCount > 0)
        {
            ReportHealth(now);
        }

        LogMerged(logger, reapplied, merged.EventCount);
    }

    private static readonly TimeSpan StoredStateFollowInterval = TimeSpan.FromSeconds(1);

    // Each retry re-reads the stored state first; more conflicts in a row mean a live duplicate that
    // keeps writing, and the next write-behind round tries again.
    private const int MaxConflictMerges = 5;

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Customer state write met a version conflict (stored ETag {StoredEtag}, ours {CurrentEtag}): another activation wrote first; merging {Unsaved} unsaved events into the stored state")]
    private static partial void LogWriteConflict(ILogger logger, string? storedEtag, string? currentEtag, int unsaved);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Merged with the stored state: {Reapplied} events re-applied, {EventCount} events in all")]
    private static partial void LogMerged(ILogger logger, int reapplied, long eventCount);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Another activation of this customer stored its state (ETag {StoredEtag}, ours {CurrentEtag}) while the cluster membership changed; merging it")]
    private static partial void LogStoredByOther(ILogger logger, string? storedEtag, string? currentEtag);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Re-reading the stored customer state failed; the next write merges on conflict")]
    private static partial void LogFollowFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Writing customer state failed; it stays in memory and is retried")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "{Count} unconfirmed touchpoint counts were older than half the touchpoint dedupe horizon and were dropped")]
    private static partial void LogOutboxExpired(ILogger logger, int count);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Customer erased")]
    private static partial void LogErased(ILogger logger);
}
