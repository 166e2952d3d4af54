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

namespace CxGrains.Grains.Customers;

/// <summary>
/// One customer's experience state. Applies events through the scoring core, drops resends,
/// reports each event's counts to the silo's accumulator and band changes to its segments, and
/// writes its state behind (ack mode applied) or before answering (ack mode durable).
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
    private GrainMetrics? _metrics;
    private IGrainTimer? _writeBehind;
    private bool _dirty;

    private CustomerState State => state.State;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _metrics = ServiceProvider.GetRequiredService<GrainMetrics>();
        _metrics.CustomerActivations(+1);
        _commit = new GroupCommit(WriteAsync, _metrics, GrainMetrics.CustomerGrain);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            if (_dirty)
            {
                await _commit!.CommitAsync();
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
        foreach (var e in events)
        {
            if (ApplyOne(e))
            {
                applied++;
            }
            else
            {
                duplicates++;
            }
        }

        if (applied > 0)
        {
            ReportHealth(time.GetUtcNow().UtcTicks);
            _dirty = true;
            _commit!.Changed();
            if (_durability.AckMode == AckMode.Durable)
            {
                await _commit!.CommitAsync();
            }
            else
            {
                // The write-behind timer exists only while there is something to write: a timer
                // per idle grain would cost a million customers hundreds of megabytes.
                _writeBehind ??= this.RegisterGrainTimer(FlushIfDirtyAsync, _durability.WriteBehindInterval, _durability.WriteBehindInterval);
            }
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

        await ServiceProvider.GetRequiredService<CustomerAlerts>().ForgetAsync(customerId);

        LogErased(logger);
        DeactivateOnIdle();
        return true;
    }

    private bool ApplyOne(CustomerEvent e)
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
        accumulator.Record(new AggregateKey(AggregateKind.Touchpoint, e.TouchpointId), occurredAt, counts);
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
        if (bandChanged)
        {
            ServiceProvider.GetRequiredService<CustomerAlerts>().OnBandChanged(customerId, s.Band, assessment.Band, tier, assessment.Score, nowTicks);
        }

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

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Writing customer state failed; it stays in memory and is retried")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Customer erased")]
    private static partial void LogErased(ILogger logger);
}
