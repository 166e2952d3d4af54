using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Customers;

/// <summary>Scores a customer's state as of a moment and packs it for the query API.</summary>
internal static class CustomerSnapshots
{
    public static CustomerSnapshot Create(string customerId, CustomerState state, CustomerOptions options, long nowTicks)
    {
        var assessment = HealthModel.Assess(state.Experience, nowTicks, options.Health);
        var tier = state.SegmentAttributes.GetValueOrDefault(DimensionNames.Tier, "");
        var windowStart = nowTicks - options.Health.NegativeWindow.Ticks;
        return new CustomerSnapshot
        {
            CustomerId = customerId,
            HealthScore = assessment.Score,
            Band = assessment.Band,
            ChurnRisk = assessment.ChurnRisk,
            ValueTier = tier,
            ValueWeight = options.ValueWeightOf(tier),
            LastNps = state.LastNps,
            NegativeExperiences = state.NegativeAt.Count(t => t != 0 && t >= windowStart),
            Components = assessment.Components,
            Reasons = assessment.Reasons,
            Recent = [.. state.RecentEntries.Select(r => r.ToRecord())],
            UpdatedAtTicks = state.UpdatedAtTicks,
            AsOfTicks = nowTicks,
            EventCount = state.EventCount,
        };
    }
}
