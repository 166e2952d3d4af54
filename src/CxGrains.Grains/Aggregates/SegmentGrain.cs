using CxGrains.Abstractions;
using CxGrains.Grains.Storage;
using CxGrains.Scoring;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Aggregates;

/// <summary>Rolling metrics of one segment plus the health bands and at-risk list of its customers.</summary>
[GrainType("cx.segment")]
public sealed class SegmentGrain(
    [PersistentState(StorageNames.Segment, StorageNames.Provider)] IPersistentState<AggregateState> state,
    IOptions<DurabilityOptions> durability,
    IOptions<SegmentOptions> segments,
    TimeProvider time) : AggregateGrain(state, durability, time), ISegmentGrain
{
    /// <inheritdoc />
    protected override AggregateKind Kind => AggregateKind.Segment;

    private AtRiskRanking? _atRisk;
    private SegmentBands? _bands;

    // Indexes the state's list; again whenever the state was re-read (a write conflict replaces it).
    private AtRiskRanking AtRisk => _atRisk is { } ranking && ReferenceEquals(ranking.Entries, State.AtRisk)
        ? ranking
        : _atRisk = new AtRiskRanking(State.AtRisk, segments.Value.AtRiskKept);

    // Likewise the band changes it holds for customers that may sleep through them.
    private SegmentBands Bands
    {
        get
        {
            var atRisk = AtRisk;
            return _bands is { } bands && ReferenceEquals(bands.State, State) && ReferenceEquals(_bandsRanking, atRisk)
                ? bands
                : _bands = new SegmentBands(State, _bandsRanking = atRisk, segments.Value.PendingCrossingsKept);
        }
    }

    private AtRiskRanking? _bandsRanking;

    /// <inheritdoc />
    protected override void Apply(AggregateDelta delta, long nowTicks)
    {
        Bands.Merge(delta);
        base.Apply(delta, nowTicks);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AtRiskEntry>> ListAtRisk(int limit)
    {
        SettleOnRead();
        return Task.FromResult(AtRisk.Top(limit));
    }

    /// <inheritdoc />
    public Task HandOff(AggregateDelta delta)
    {
        Record(delta);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ForgetCustomer(string customerId, HealthBand lastBand)
    {
        // As a delta, so that a write conflict re-applies it like any other change; as a band report, so that the
        // changes held for the customer go too and the count leaves the band this segment has moved it to.
        Record(new AggregateDelta { BandReports = [new BandReport { CustomerId = customerId, From = lastBand }], AtRiskRemovals = [customerId] });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override bool ApplyDueChanges(long nowTicks) => Bands.ApplyDue(nowTicks) > 0;

    /// <inheritdoc />
    protected override long? NextChangeByTimeTicks(long nowTicks) =>
        (base.NextChangeByTimeTicks(nowTicks), Bands.NextDueTicks) switch
        {
            ({ } ageing, { } due) => Math.Min(ageing, Math.Max(due, nowTicks)),
            (var ageing, var due) => ageing ?? (due is { } d ? Math.Max(d, nowTicks) : null),
        };

    /// <inheritdoc />
    protected override bool HasData => base.HasData || !State.Health.IsZero;
}
