using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Customers;

/// <summary>Scores a customer's state as of a moment and packs it for the query API.</summary>
internal static class CustomerSnapshots
{
    public static CustomerSnapshot Create(string customerId, CustomerState state, CustomerOptions options, Scorecard scorecard, long nowTicks)
    {
        var model = scorecard.Model;
        var assessment = HealthModel.Assess(state.Experience, nowTicks, scorecard);
        var changesAt = HealthForecast.NextBandChange(state.Experience, nowTicks, model, assessment.Band);
        var tier = state.SegmentAttributes.GetValueOrDefault(DimensionNames.Tier, "");
        var windowStart = nowTicks - model.NegativeWindow.Ticks;
        var active = state.Override is { } o && o.ActiveAt(nowTicks) ? o : null;
        var (score, band) = active?.Apply(assessment.Score, assessment.Band) ?? (assessment.Score, assessment.Band);
        return new CustomerSnapshot
        {
            CustomerId = customerId,
            HealthScore = score,
            Band = band,
            ComputedHealthScore = assessment.Score,
            ComputedBand = assessment.Band,
            Override = active,
            Trend7Days = state.History?.TrendAgainst(nowTicks, 7, score),
            Trend30Days = state.History?.TrendAgainst(nowTicks, 30, score),
            ChurnRisk = assessment.ChurnRisk,
            ValueTier = tier,
            ValueWeight = options.ValueWeightOf(tier),
            LastNps = state.LastNps,
            NegativeExperiences = state.NegativeAt.Count(t => t != 0 && t >= windowStart),
            Components = assessment.Components,
            Reasons = assessment.Reasons,
            Recent = state.RecentInteractions.ToRecords(),
            UpdatedAtTicks = state.UpdatedAtTicks,
            AsOfTicks = nowTicks,
            EventCount = state.EventCount,
            Scorecard = scorecard.Name,
            ScorecardVersion = scorecard.Version,
            MetricVersion = scorecard.MetricVersion,
            BandChangesAtTicks = changesAt == HealthForecast.Never ? null : changesAt,
            BandChangesTo = changesAt == HealthForecast.Never ? null : HealthModel.Figures(state.Experience, changesAt, model).Band,
        };
    }
}
