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

    // Indexes the state's list; again whenever the state was re-read (a write conflict replaces it).
    private AtRiskRanking AtRisk => _atRisk is { } ranking && ReferenceEquals(ranking.Entries, State.AtRisk)
        ? ranking
        : _atRisk = new AtRiskRanking(State.AtRisk, segments.Value.AtRiskKept);

    /// <inheritdoc />
    protected override void Apply(AggregateDelta delta, long nowTicks)
    {
        State.Health += delta.BandChange;
        var atRisk = AtRisk;
        foreach (var customerId in delta.AtRiskRemovals)
        {
            atRisk.Remove(customerId);
        }

        foreach (var entry in delta.AtRiskUpserts)
        {
            atRisk.Upsert(entry);
        }

        base.Apply(delta, nowTicks);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AtRiskEntry>> ListAtRisk(int limit) => Task.FromResult(AtRisk.Top(limit));

    /// <inheritdoc />
    public Task ForgetCustomer(string customerId, HealthBand lastBand)
    {
        // As a delta, so that a write conflict re-applies it like any other change.
        Record(new AggregateDelta { BandChange = default(BandCounts).Add(lastBand, -1), AtRiskRemovals = [customerId] });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override bool HasData => base.HasData || !State.Health.IsZero;
}
