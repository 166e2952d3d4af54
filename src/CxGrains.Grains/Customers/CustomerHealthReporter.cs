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
    /// <remarks>
    /// An active customer's band follows time through the silo's <see cref="BandChangeSweep"/>; only a customer going to
    /// sleep hands its band changes ahead to its segments (<see cref="GoingToSleepAsync"/>). Its first report once awake takes back
    /// those still ahead, moving it from where the segments count it then (<see cref="CustomerState.Crossings"/>). So the
    /// ingest path forecasts nothing, and names no customer unless it woke with changes handed off.
    /// </remarks>
    /// <param name="customer">The customer grain.</param>
    /// <param name="s">Its state.</param>
    /// <param name="nowTicks">Now (UTC ticks).</param>
    /// <param name="nextBandChange">When decay alone would change the band next.</param>
    /// <returns>True when the state changed: something was reported, or changes already applied by the segments were settled.</returns>
    public bool Report(IAddressable customer, CustomerState s, long nowTicks, out long nextBandChange)
    {
        var attributes = s.SegmentAttributes;
        var scorecard = scorecards.For(attributes);
        var model = scorecard.Model;
        var assessment = Evaluate(s, nowTicks, scorecard, out nextBandChange);

        // Computed once per (shared) attribute set: customers with the same attributes share the array.
        var newSegments = attributes.CustomerSegments ??= [.. segments.CustomerSegments(attributes).Select(strings.Intern)];
        var tier = attributes.GetValueOrDefault(DimensionNames.Tier, "");
        var valueWeight = _options.ValueWeightOf(tier);
        var priority = valueWeight * assessment.ChurnRisk;
        var atRiskNow = assessment.Band != HealthBand.Healthy;

        // Where the segments count the customer now: they apply the changes it sent by themselves.
        var sent = s.Crossings;
        HealthBand? counted = s.Band is { } reported ? sent.BandAt(reported, nowTicks) : null;
        var ahead = sent.After(nowTicks);
        var bandChanged = counted != assessment.Band;
        var crossingsChanged = ahead.Any;
        var priorityChanged = atRiskNow && Math.Abs(s.ReportedPriority - priority) > 1e-9;

        // Only when needed: a string key is decoded into a new string each time it is read.
        string? customerId = null;
        if (s.Band != assessment.Band)
        {
            // Against the last evaluation, as before the segments moved it: an alert rule sees every change once.
            customerId = customer.GetPrimaryKeyString();
            alerts.OnBandChanged(customerId, s.Band, assessment.Band, tier, assessment.Score, nowTicks, model.AtRiskThreshold);
        }

        // The common case on the ingest path: a healthy customer stays healthy in the same segments. Also a customer
        // that woke where its segments moved it as its hand-off said, with no change left ahead.
        if (!bandChanged && !priorityChanged && !crossingsChanged && ReferenceEquals(s.Segments, newSegments))
        {
            var settled = s.Band != assessment.Band || sent.Any;
            s.Band = assessment.Band;
            s.Crossings = default;
            return settled;
        }

        var id = customerId ?? customer.GetPrimaryKeyString();
        var atRisk = atRiskNow ? Listing(id, assessment.Band, assessment.Score, assessment.ChurnRisk, tier, valueWeight) : null;

        // Where a segment counts the customer once it holds no change of it, and whether it may list it at risk.
        HealthBand? from = s.Band is { } last ? sent.FinalOr(last) : null;
        var listed = s.Band is HealthBand.AtRisk or HealthBand.Critical || sent.ListsAtRisk;

        // A customer whose segments may hold changes of it is named in its band moves, which take them back; others are summed.
        BandReport? moved = sent.Any ? new BandReport { CustomerId = id, From = from, To = assessment.Band } : null;
        BandReport? joined = null;

        var changed = bandChanged || priorityChanged || crossingsChanged;
        foreach (var segment in s.Segments)
        {
            if (Array.IndexOf(newSegments, segment) < 0)
            {
                if (sent.Any)
                {
                    accumulator.RecordBandReport(segment, new BandReport { CustomerId = id, From = from }, null, listed);
                }
                else
                {
                    accumulator.RecordBand(segment, id, s.Band, null, null);
                }

                changed = true;
            }
        }

        foreach (var segment in newSegments)
        {
            var isNew = Array.IndexOf(s.Segments, segment) < 0;
            if (isNew || bandChanged || priorityChanged || crossingsChanged)
            {
                if (moved is not null)
                {
                    var report = isNew ? joined ??= moved with { From = null } : moved;
                    accumulator.RecordBandReport(segment, report, atRisk, listed && !isNew);
                }
                else
                {
                    accumulator.RecordBand(segment, id, isNew ? null : s.Band, assessment.Band, atRisk);
                }

                changed = true;
            }
        }

        s.Segments = newSegments;
        s.Band = assessment.Band;
        s.Crossings = default;
        s.ReportedPriority = atRisk is null ? 0 : priority;
        return changed;
    }

    /// <summary>
    /// A customer going to sleep: brings its segments up to date, then sends each the band changes ahead in one direct
    /// call. The state records them only when every segment took them, so that the first report once awake moves the
    /// customer from where each counts it; those that took them give them back with the next flush otherwise.
    /// </summary>
    /// <returns>True when the state changed.</returns>
    public async Task<bool> GoingToSleepAsync(IAddressable customer, CustomerState s, long nowTicks, CancellationToken cancellationToken)
    {
        var changed = Report(customer, s, nowTicks, out var nextBandChange);
        if (HandOff(customer, s, nowTicks, nextBandChange) is not { } handOff)
        {
            return changed;
        }

        var segments = s.Segments;
        var taken = await Task.WhenAll(segments.Select(segment => accumulator.HandOffAsync(segment, handOff.Report, cancellationToken)));
        if (Array.TrueForAll(taken, t => t))
        {
            s.Crossings = handOff.Forecast;
            return true;
        }

        // The customer stays where it was reported.
        var takeBack = handOff.Report.WithoutCrossings();
        for (var i = 0; i < segments.Length; i++)
        {
            if (taken[i])
            {
                accumulator.RecordBandReport(segments[i], takeBack, null, listed: false);
            }
        }

        return changed;
    }

    /// <summary>
    /// The band changes ahead of a customer going to sleep, as the report its segments take over (null: none ahead, or
    /// not counted anywhere). Called right after <see cref="Report"/>, whose <paramref name="nextBandChange"/> it takes:
    /// the report moves the customer nowhere, it only adds the changes.
    /// </summary>
    private (BandReport Report, BandForecast Forecast)? HandOff(IAddressable customer, CustomerState s, long nowTicks, long nextBandChange)
    {
        if (s.Band is not { } band || s.Segments.Length == 0 || nextBandChange == HealthForecast.Never)
        {
            return null;
        }

        var model = scorecards.For(s.SegmentAttributes).Model;
        var forecast = BandForecast.Of(s.Experience, nowTicks, model, s.Override, nextBandChange);
        if (!forecast.Any)
        {
            return null;
        }

        var id = customer.GetPrimaryKeyString();
        var tier = s.SegmentAttributes.GetValueOrDefault(DimensionNames.Tier, "");
        var valueWeight = _options.ValueWeightOf(tier);
        var report = new BandReport
        {
            CustomerId = id,
            From = band,
            To = band,
            First = Crossing(forecast.FirstAtTicks, forecast.First),
            Second = Crossing(forecast.SecondAtTicks, forecast.Second),
        };
        return (report, forecast);

        // A listed band comes with the entry the segment lists then: the figures the customer will show at that moment.
        BandCrossing Crossing(long atTicks, HealthBand band)
        {
            if (band == 0)
            {
                return BandCrossing.None;
            }

            if (band == HealthBand.Healthy)
            {
                return new BandCrossing(atTicks, band, null);
            }

            var figures = BandForecast.ShownAt(s.Experience, atTicks, model, s.Override);
            return new BandCrossing(atTicks, band, Listing(id, band, figures.Score, figures.ChurnRisk, tier, valueWeight));
        }
    }

    // How a segment lists the customer at risk: ranked by value × churn risk.
    private static AtRiskEntry Listing(string id, HealthBand band, double score, double churnRisk, string tier, double valueWeight) => new()
    {
        CustomerId = id,
        HealthScore = score,
        Band = band,
        ChurnRisk = churnRisk,
        ValueTier = tier,
        Priority = valueWeight * churnRisk,
    };

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
