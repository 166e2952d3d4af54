using CxGrains.Abstractions;
using CxGrains.Grains.Aggregates;
using CxGrains.Grains.Options;
using CxGrains.Grains.Storage;
using CxGrains.Scoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

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
[Reentrant]
[GrainType("cx.customer")]
public sealed partial class CustomerGrain(
    [PersistentState(StorageNames.Customer, StorageNames.Provider)] IPersistentState<CustomerState> state,
    IOptions<CustomerOptions> customerOptions,
    IOptions<DurabilityOptions> durabilityOptions,
    ServiceTargets targets,
    SegmentRouting segments,
    AggregateAccumulator accumulator,
    StringPool strings,
    TimeProvider time,
    ILogger<CustomerGrain> logger) : Grain, ICustomerGrain
{
    private readonly CustomerOptions _options = customerOptions.Value;
    private readonly DurabilityOptions _durability = durabilityOptions.Value;
    private GroupCommit? _commit;
    private IGrainTimer? _writeBehind;
    private bool _dirty;

    // Ack mode durable: confirmations of outbox entries on their way to their touchpoints, and
    // whether confirmed entries were removed since the last write (persisted with the next one).
    private Dictionary<long, Task>? _inFlight;
    private bool _outboxTrimmed;

    private bool Durable => _durability.AckMode == AckMode.Durable;

    private CustomerState State => state.State;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _commit = new GroupCommit(WriteAsync);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_inFlight is { Count: > 0 })
        {
            // Let confirmations arriving soon trim the outbox before the last write; what is still
            // unconfirmed then is stored and re-forwarded by the next activation.
            try
            {
                await Task.WhenAll(_inFlight.Values.Distinct()).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                // Stored with the outbox.
            }
        }

        if (_dirty || _outboxTrimmed)
        {
            await _commit!.CommitAsync();
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
            if (ApplyOne(e, key, now))
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
            ReportHealth(now);
            _dirty = true;
        }

        if (keys is not null)
        {
            // Also after duplicates only: a resend after a failed write must not be acked unwritten.
            if (_dirty)
            {
                await _commit!.CommitAsync();
            }

            // A resent event whose counts are still in the outbox (stored, not confirmed, e.g. the
            // silo died before the ack) is forwarded again: the touchpoint drops it if it had it.
            await ForwardOutboxAsync(keys);
        }
        else if (applied > 0)
        {
            // The write-behind timer exists only while there is something to write: a timer
            // per idle grain would cost a million customers hundreds of megabytes.
            _writeBehind ??= this.RegisterGrainTimer(FlushIfDirtyAsync, _durability.WriteBehindInterval, _durability.WriteBehindInterval);
        }

        return new ApplyResult(applied, duplicates);
    }

    /// <inheritdoc />
    public Task<CustomerSnapshot?> GetSnapshot() =>
        Task.FromResult(State.EventCount == 0 ? null : CustomerSnapshots.Create(this.GetPrimaryKeyString(), State, _options, time.GetUtcNow().UtcTicks));

    /// <inheritdoc />
    public async Task<bool> Erase()
    {
        if (State.EventCount == 0 && !state.RecordExists)
        {
            return false;
        }

        var customerId = this.GetPrimaryKeyString();
        var memberOf = State.Segments;
        var band = State.Band;
        accumulator.ForgetCustomer(customerId, memberOf);
        state.State = new CustomerState();
        _dirty = true;
        await _commit!.CommitAsync();

        // At once rather than through the accumulator: after an erase the customer must not be
        // listed anywhere, not even for one flush interval.
        if (band is { } lastBand)
        {
            await Task.WhenAll(memberOf.Select(s => GrainFactory.GetGrain<ISegmentGrain>(s).ForgetCustomer(customerId, lastBand)));
        }

        LogErased(logger);
        DeactivateOnIdle();
        return true;
    }

    /// <summary>Applies one event unless it is a resend; <paramref name="key"/> is its dedupe key in ack mode durable, else 0.</summary>
    private bool ApplyOne(CustomerEvent e, long key, long nowTicks)
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
            accumulator.Record(new AggregateKey(AggregateKind.Touchpoint, e.TouchpointId), occurredAt, counts);
        }
        else
        {
            // Forwarded once the state holding it is written (ForwardOutboxAsync).
            (s.Outbox ??= []).Add(new OutboxEntry(key, strings.Intern(e.TouchpointId), occurredAt, counts, nowTicks));
        }

        // Segments stay best-effort in both modes (see docs/architecture.md).
        foreach (var segment in segments.EventSegments(s.Attributes, e.Channel, e.Stage))
        {
            accumulator.Record(new AggregateKey(AggregateKind.Segment, segment), occurredAt, counts);
        }

        return true;
    }

    private void UpdateAttributes(IReadOnlyDictionary<string, string> attributes)
    {
        foreach (var (name, value) in attributes)
        {
            if (segments.IsTrackedAttribute(name) && (!State.Attributes.TryGetValue(name, out var known) || known != value))
            {
                State.Attributes[strings.Intern(name)] = strings.Intern(value);
            }
        }
    }

    private void RememberRecent(CustomerEvent e, ExperienceOutcome outcome)
    {
        var limit = _options.RecentInteractions;
        if (limit == 0)
        {
            return;
        }

        var recent = State.Recent;
        var entry = new RecentInteraction
        {
            EventId = e.EventId,
            TouchpointId = strings.Intern(e.TouchpointId),
            Kind = e.Interaction.Kind,
            Channel = e.Channel,
            OccurredAtTicks = e.Interaction.OccurredAtTicks,
            Signal = outcome.Signal,
            Negative = outcome.Negative,
        };

        // Newest business time first; a late event lands in its place or, if older than all kept, nowhere.
        var index = recent.FindIndex(r => r.OccurredAtTicks < entry.OccurredAtTicks);
        if (index < 0)
        {
            if (recent.Count >= limit)
            {
                return;
            }

            recent.Add(entry);
        }
        else
        {
            recent.Insert(index, entry);
        }

        if (recent.Count > limit)
        {
            recent.RemoveRange(limit, recent.Count - limit);
        }
    }

    /// <summary>Re-scores the customer and tells its segments about a band, membership or priority change.</summary>
    private void ReportHealth(long nowTicks)
    {
        var s = State;
        var customerId = this.GetPrimaryKeyString();
        var assessment = HealthModel.Assess(s.Experience, nowTicks, _options.Health);
        var newSegments = segments.CustomerSegments(s.Attributes);
        var tier = s.Attributes.GetValueOrDefault(DimensionNames.Tier, "");
        var priority = _options.ValueWeightOf(tier) * assessment.ChurnRisk;
        var atRisk = assessment.Band == HealthBand.Healthy ? null : new AtRiskEntry
        {
            CustomerId = customerId,
            HealthScore = assessment.Score,
            Band = assessment.Band,
            ChurnRisk = assessment.ChurnRisk,
            ValueTier = tier,
            Priority = priority,
        };

        var bandChanged = s.Band != assessment.Band;
        var priorityChanged = atRisk is not null && Math.Abs(s.ReportedPriority - priority) > 1e-9;

        foreach (var segment in s.Segments.Except(newSegments))
        {
            accumulator.RecordBand(segment, customerId, s.Band, null, null);
        }

        foreach (var segment in newSegments)
        {
            var isNew = Array.IndexOf(s.Segments, segment) < 0;
            if (isNew || bandChanged || priorityChanged)
            {
                accumulator.RecordBand(segment, customerId, isNew ? null : s.Band, assessment.Band, atRisk);
            }
        }

        s.Segments = [.. newSegments.Select(strings.Intern)];
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
        List<Task>? waits = null;
        Dictionary<Task, List<long>>? sent = null;
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

        return waits is null ? Task.CompletedTask : Task.WhenAll(waits);
    }

    private async Task TrimOutboxWhenConfirmedAsync(Task confirmation, List<long> keys)
    {
        // Confirmations never fault: the accumulator retries a failed flush until it succeeds.
        await confirmation;
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

    private async Task FlushIfDirtyAsync(CancellationToken cancellationToken)
    {
        if (_commit!.Busy)
        {
            return;
        }

        if (_dirty)
        {
            await _commit.CommitAsync();
        }

        if (!_dirty)
        {
            _writeBehind?.Dispose();
            _writeBehind = null;
        }
    }

    private async Task WriteAsync()
    {
        // Cleared before the write: changes made while it is in flight mark the grain dirty again.
        _dirty = false;
        _outboxTrimmed = false;
        try
        {
            if (State.EventCount == 0)
            {
                await state.ClearStateAsync();
            }
            else
            {
                await state.WriteStateAsync();
            }
        }
        catch (Exception ex)
        {
            _dirty = true;
            LogWriteFailed(logger, ex);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing customer state failed; it stays in memory and is retried")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} unconfirmed touchpoint counts were older than half the touchpoint dedupe horizon and were dropped")]
    private static partial void LogOutboxExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer erased")]
    private static partial void LogErased(ILogger logger);
}
