using CxGrains.Abstractions;
using CxGrains.Grains.Aggregates;
using CxGrains.Grains.Alerts;
using CxGrains.Scoring;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Customers;

/// <summary>
/// Re-scores a customer after a change and tells its segments (through the silo's accumulator) and
/// the customer alert rule about a band, membership or priority change. One per silo, shared by
/// every customer; what the customer last reported is kept in its state.
/// </summary>
public sealed class CustomerHealthReporter(
    IOptions<CustomerOptions> customerOptions,
    SegmentRouting segments,
    AggregateAccumulator accumulator,
    StringPool strings,
    CustomerAlerts alerts)
{
    private readonly CustomerOptions _options = customerOptions.Value;

    /// <summary>Re-scores <paramref name="s"/>, the state of <paramref name="customer"/>, and reports what changed.</summary>
    public void Report(IAddressable customer, CustomerState s, long nowTicks)
    {
        var assessment = Evaluate(s, nowTicks);
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

        // Only now: a string key is decoded into a new string each time it is read.
        var customerId = customer.GetPrimaryKeyString();
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
            alerts.OnBandChanged(customerId, s.Band, assessment.Band, tier, assessment.Score, nowTicks);
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
    /// Scores <paramref name="s"/> at <paramref name="nowTicks"/> as its segments should count it: ends an
    /// override that has expired, applies one in force, and records the result as the day's history point.
    /// Allocates nothing but a history slot on a new day.
    /// </summary>
    public HealthFigures Evaluate(CustomerState s, long nowTicks)
    {
        if (s.Override is { } expired && !expired.ActiveAt(nowTicks))
        {
            s.Override = null;
        }

        var figures = HealthModel.Figures(s.Experience, nowTicks, _options.Health);
        if (s.Override is { } active)
        {
            var (score, band) = active.Apply(figures.Score, figures.Band);
            figures = figures with { Score = score, Band = band };
        }

        // The scorecard's version once scorecards are configurable; today the one metric definition.
        (s.History ??= new HealthHistory()).Record(nowTicks, figures.Score, figures.Band, s.Override is not null, MetricDefinitions.Version);
        return figures;
    }
}
