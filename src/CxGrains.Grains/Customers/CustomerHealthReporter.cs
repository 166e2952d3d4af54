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
    CustomerAlerts alerts,
    Health.Scorecards scorecards)
{
    private readonly CustomerOptions _options = customerOptions.Value;

    /// <summary>
    /// Re-scores <paramref name="s"/>, the state of <paramref name="customer"/>, under the scorecard its attributes
    /// choose now, and reports what changed; <paramref name="nextBandChange"/> is when decay alone would change the
    /// band next (<see cref="HealthForecast.Never"/>: it would not).
    /// </summary>
    /// <returns>True when the band, segment membership or at-risk priority changed and was reported.</returns>
    public bool Report(IAddressable customer, CustomerState s, long nowTicks, out long nextBandChange)
    {
        var attributes = s.SegmentAttributes;
        var scorecard = scorecards.For(attributes);
        var model = scorecard.Model;
        var assessment = Evaluate(s, nowTicks, scorecard, out nextBandChange);

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
            return false;
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
            alerts.OnBandChanged(customerId, s.Band, assessment.Band, tier, assessment.Score, nowTicks, model.AtRiskThreshold);
        }

        var changed = bandChanged || priorityChanged;
        foreach (var segment in s.Segments)
        {
            if (Array.IndexOf(newSegments, segment) < 0)
            {
                accumulator.RecordBand(segment, customerId, s.Band, null, null);
                changed = true;
            }
        }

        foreach (var segment in newSegments)
        {
            var isNew = Array.IndexOf(s.Segments, segment) < 0;
            if (isNew || bandChanged || priorityChanged)
            {
                accumulator.RecordBand(segment, customerId, isNew ? null : s.Band, assessment.Band, atRisk);
                changed = true;
            }
        }

        s.Segments = newSegments;
        s.Band = assessment.Band;
        s.ReportedPriority = atRisk is null ? 0 : priority;
        return changed;
    }

    /// <summary>
    /// Scores <paramref name="s"/> at <paramref name="nowTicks"/> as its segments should count it, under the
    /// scorecard its attributes choose: ends an override that has expired, applies one in force, and records
    /// the result as the day's history point. Allocates nothing but a history slot on a new day.
    /// </summary>
    public HealthFigures Evaluate(CustomerState s, long nowTicks) => Evaluate(s, nowTicks, scorecards.For(s.SegmentAttributes), out _);

    private static HealthFigures Evaluate(CustomerState s, long nowTicks, Scorecard scorecard, out long nextBandChange)
    {
        if (s.Override is { } expired && !expired.ActiveAt(nowTicks))
        {
            s.Override = null;
        }

        var model = scorecard.Model;
        var figures = HealthModel.Figures(s.Experience, nowTicks, model);
        nextBandChange = HealthForecast.NextBandChange(s.Experience, nowTicks, model, figures.Band);
        if (s.Override is { } active)
        {
            var (score, band) = active.Apply(figures.Score, figures.Band);
            figures = figures with { Score = score, Band = band };

            // The override ends by itself: the band sweep re-scores the customer at its expiry.
            nextBandChange = Math.Min(nextBandChange, s.NextReviewTicks());
        }

        (s.History ??= new HealthHistory()).Record(nowTicks, figures.Score, figures.Band, s.Override is not null, scorecard.MetricVersion);
        return figures;
    }
}
