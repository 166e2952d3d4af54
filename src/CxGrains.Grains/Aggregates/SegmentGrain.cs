using CxGrains.Abstractions;
using CxGrains.Grains.Options;
using CxGrains.Scoring;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Aggregates;

/// <summary>Rolling metrics of one segment plus the health bands and at-risk list of its customers.</summary>
[GrainType("cx.segment")]
public sealed class SegmentGrain(
    [PersistentState(StorageNames.Segment, StorageNames.Provider)] IPersistentState<AggregateState> state,
    IOptions<DurabilityOptions> durability,
    TimeProvider time) : AggregateGrain(state, durability, time), ISegmentGrain
{
    /// <inheritdoc />
    protected override void Apply(AggregateDelta delta, long nowTicks)
    {
        State.Health += delta.BandChange;
        foreach (var entry in delta.AtRiskUpserts)
        {
            State.AtRisk[entry.CustomerId] = entry;
        }

        foreach (var customerId in delta.AtRiskRemovals)
        {
            State.AtRisk.Remove(customerId);
        }

        base.Apply(delta, nowTicks);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AtRiskEntry>> ListAtRisk(int limit) =>
        Task.FromResult<IReadOnlyList<AtRiskEntry>>([.. State.AtRisk.Values
            .OrderByDescending(e => e.Priority)
            .ThenBy(e => e.HealthScore)
            .ThenBy(e => e.CustomerId, StringComparer.Ordinal)
            .Take(limit)]);

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
