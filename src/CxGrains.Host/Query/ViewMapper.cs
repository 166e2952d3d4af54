using CxGrains.Abstractions;
using CxGrains.Contracts.V1;
using CxGrains.Scoring;
using CxGrains.Scoring.Queues;
using Google.Protobuf.WellKnownTypes;

namespace CxGrains.Host.Query;

/// <summary>Maps grain snapshots to contract views. The metric maths stays in the scoring core.</summary>
public static class ViewMapper
{
    /// <summary>The window a request means: UNSPECIFIED is one hour.</summary>
    public static WindowKind ToWindowKind(Window window) => window switch
    {
        Window.Unspecified => WindowKind.OneHour,
        Window.OneMinute => WindowKind.OneMinute,
        Window.FifteenMinutes => WindowKind.FifteenMinutes,
        Window.OneHour => WindowKind.OneHour,
        Window.OneDay => WindowKind.OneDay,
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, "window must be ONE_MINUTE, FIFTEEN_MINUTES, ONE_HOUR or ONE_DAY."),
    };

    /// <summary>Metric values of a window's counts.</summary>
    public static Metrics ToMetrics(in MetricCounts counts, int minimumResponses)
    {
        var v = MetricValues.From(counts, minimumResponses);
        return new Metrics
        {
            Events = v.Events,
            Negative = v.Negative,
            NegativePercent = v.NegativePercent,
            Nps = new NpsMetrics
            {
                Score = v.NpsScore,
                Promoters = v.NpsPromoters,
                Passives = v.NpsPassives,
                Detractors = v.NpsDetractors,
                Responses = v.NpsResponses,
                Margin95 = v.NpsMargin95,
                Reliable = v.NpsReliable,
            },
            Csat = new CsatMetrics { Top2Percent = v.CsatTop2Percent, Mean = v.CsatMean, Responses = v.CsatResponses },
            Ces = new CesMetrics { Mean = v.CesMean, EasyPercent = v.CesEasyPercent, Responses = v.CesResponses },
            Contacts = new ContactMetrics
            {
                Count = v.Contacts,
                Abandoned = v.Abandoned,
                FcrPercent = v.FcrPercent,
                AbandonPercent = v.AbandonPercent,
                ServiceLevelPercent = v.ServiceLevelPercent,
                MeanWaitSeconds = v.MeanWaitSeconds,
                AsaSeconds = v.AsaSeconds,
                MeanHandleSeconds = v.MeanHandleSeconds,
            },
        };
    }

    /// <summary>A touchpoint view.</summary>
    public static TouchpointView ToTouchpointView(AggregateSnapshot s, int minimumResponses) => new()
    {
        TouchpointId = s.Key,
        Window = (Window)(int)s.Window,
        Metrics = ToMetrics(s.Counts, minimumResponses),
        MetricVersion = MetricDefinitions.Version,
        TargetWaitSeconds = s.TargetWaitSeconds,
        AsOf = ToTimestamp(s.AsOfTicks),
        LifetimeEvents = s.LifetimeEvents,
        Queue = s.Queue is { } queue ? ToQueueState(queue, s.AsOfTicks) : null,
    };

    /// <summary>A queue's live state, as of <paramref name="asOfTicks"/>.</summary>
    public static QueueState ToQueueState(QueueSnapshot q, long asOfTicks) => new()
    {
        Waiting = q.Waiting,
        OldestWaitSeconds = q.OldestWaitingSinceTicks is { } since ? Math.Max(0, TimeSpan.FromTicks(asOfTicks - since).TotalSeconds) : 0,
        OldestWaitingSince = q.OldestWaitingSinceTicks is { } t ? ToTimestamp(t) : null,
        InHandling = q.InHandling,
        Window = ToQueueMetrics(q.Window),
        Today = ToQueueMetrics(q.Today),
        TodayDate = q.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        TimeZone = q.TimeZone,
        TargetWaitSeconds = q.TargetWaitSeconds,
        ShortAbandonSeconds = q.ShortAbandonSeconds,
        Unmatched = q.Unmatched,
    };

    /// <summary>A queue's figures from its counts.</summary>
    public static QueueMetrics ToQueueMetrics(in QueueCounts c)
    {
        var figures = QueueFigures.Of(c);
        return new QueueMetrics
        {
            Offered = c.Offered,
            Answered = c.Answered,
            AnsweredWithinTarget = c.AnsweredWithinTarget,
            Abandoned = c.Abandoned,
            ShortAbandoned = c.ShortAbandoned,
            Handled = c.Handled,
            Expired = c.Expired,
            ServiceLevelPercent = figures.ServiceLevelPercent,
            ServiceLevelExcludingShortAbandonsPercent = figures.ServiceLevelExcludingShortAbandonsPercent,
            AbandonPercent = figures.AbandonPercent,
            AsaSeconds = figures.AverageSpeedOfAnswerSeconds,
            AhtSeconds = figures.AverageHandleSeconds,
        };
    }

    /// <summary>A segment view; without health for a segment keyed by channel or journey stage, where bands do not apply.</summary>
    public static SegmentView ToSegmentView(AggregateSnapshot s, int minimumResponses)
    {
        var view = new SegmentView
        {
            SegmentKey = s.Key,
            Window = (Window)(int)s.Window,
            Metrics = ToMetrics(s.Counts, minimumResponses),
            MetricVersion = MetricDefinitions.Version,
            AsOf = ToTimestamp(s.AsOfTicks),
        };
        if (HasHealthBands(s.Key))
        {
            view.Health = new HealthDistribution { Healthy = s.Health.Healthy, AtRisk = s.Health.AtRisk, Critical = s.Health.Critical };
            view.AtRiskCustomers = s.Health.AtRisk + s.Health.Critical;
        }

        return view;
    }

    /// <summary>
    /// False for a segment keyed by channel or journey stage: events have a channel and a stage, customers
    /// do not, so such a segment counts events but no customer is ever in one of its bands.
    /// </summary>
    public static bool HasHealthBands(string segmentKey) =>
        !SegmentKeyPlanner.TryParse(segmentKey, out var parts, out _)
        || !parts.Any(p => p.Key is DimensionNames.Channel or DimensionNames.Stage);

    /// <summary>A customer view.</summary>
    public static CustomerView ToCustomerView(CustomerSnapshot s)
    {
        var view = new CustomerView
        {
            CustomerId = s.CustomerId,
            HealthScore = s.HealthScore,
            Band = ToBand(s.Band),
            ChurnRisk = s.ChurnRisk,
            ValueTier = s.ValueTier,
            ValueWeight = s.ValueWeight,
            NegativeExperiences = s.NegativeExperiences,
            UpdatedAt = ToTimestamp(s.UpdatedAtTicks),
            MetricVersion = s.MetricVersion,
            EventCount = s.EventCount,
            Scorecard = s.Scorecard,
            ScorecardVersion = s.ScorecardVersion,
            BandChangesAt = s.BandChangesAtTicks is { } changesAt ? ToTimestamp(changesAt) : null,
            BandChangesTo = s.BandChangesTo is { } changesTo ? ToBand(changesTo) : Contracts.V1.HealthBand.Unspecified,
        };
        if (s.Trend7Days is { } trend7)
        {
            view.Trend7Days = trend7;
        }

        if (s.Trend30Days is { } trend30)
        {
            view.Trend30Days = trend30;
        }

        if (s.Override is { } o)
        {
            view.HealthOverride = ToHealthOverride(o, s);
        }

        if (s.LastNps is { } nps)
        {
            view.LastNps = new NpsAnswer
            {
                Score = nps.Score,
                Category = nps.Category,
                OccurredAt = ToTimestamp(nps.OccurredAtTicks),
                Comment = nps.Comment ?? "",
            };
            view.LastNps.ReasonCodes.AddRange(nps.ReasonCodes);
        }

        view.Components.AddRange(s.Components.Select(c => new HealthComponent { Name = c.Name, Score = c.Score, Weight = c.Weight, Contribution = c.Contribution, Missing = c.Missing }));
        view.Reasons.AddRange(s.Reasons);
        view.Recent.AddRange(s.Recent.Select(r => new Contracts.V1.RecentInteraction
        {
            EventId = r.EventId,
            TouchpointId = r.TouchpointId,
            Kind = r.Kind.ToString().ToLowerInvariant(),
            Channel = DimensionNames.Of(r.Channel),
            OccurredAt = ToTimestamp(r.OccurredAtTicks),
            Signal = double.IsFinite(r.Signal) ? r.Signal : 0,
            Negative = r.Negative,
        }));
        return view;
    }

    /// <summary>An override in force, with the computed values beside it.</summary>
    public static Contracts.V1.HealthOverride ToHealthOverride(Abstractions.HealthOverride o, CustomerSnapshot s)
    {
        var view = new Contracts.V1.HealthOverride
        {
            Reason = o.Reason,
            SetBy = o.SetBy,
            SetAt = ToTimestamp(o.SetAtTicks),
            ExpiresAt = ToTimestamp(o.ExpiresAtTicks),
            ComputedHealthScore = s.ComputedHealthScore,
            ComputedBand = ToBand(s.ComputedBand),
        };
        if (o.Score is { } score)
        {
            view.HealthScore = score;
        }
        else if (o.Band is { } band)
        {
            view.Band = ToBand(band);
        }

        return view;
    }

    /// <summary>A customer's history, oldest point first.</summary>
    public static CustomerHistory ToCustomerHistory(string customerId, IReadOnlyList<HealthHistoryPoint> points)
    {
        var history = new CustomerHistory { CustomerId = customerId };
        history.Points.AddRange(points.Select(p => new HealthPoint
        {
            Date = p.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            HealthScore = p.HealthScore,
            Band = ToBand(p.Band),
            MetricVersion = p.MetricVersion,
            Overridden = p.Overridden,
        }));
        return history;
    }

    /// <summary>The scoring band of a contract band; only the three defined bands map.</summary>
    public static Scoring.HealthBand ToScoringBand(Contracts.V1.HealthBand band) => band switch
    {
        Contracts.V1.HealthBand.Healthy => Scoring.HealthBand.Healthy,
        Contracts.V1.HealthBand.AtRisk => Scoring.HealthBand.AtRisk,
        Contracts.V1.HealthBand.Critical => Scoring.HealthBand.Critical,
        _ => throw new ArgumentOutOfRangeException(nameof(band), band, "band must be HEALTHY, AT_RISK or CRITICAL."),
    };

    /// <summary>An at-risk list entry.</summary>
    public static AtRiskCustomer ToAtRiskCustomer(AtRiskEntry e) => new()
    {
        CustomerId = e.CustomerId,
        HealthScore = e.HealthScore,
        Band = ToBand(e.Band),
        ChurnRisk = e.ChurnRisk,
        ValueTier = e.ValueTier,
        Priority = e.Priority,
    };

    /// <summary>An alert as the query API and the hub's <c>alert</c> message show it.</summary>
    public static Alert ToAlert(AlertSnapshot a) => new()
    {
        AlertId = a.AlertId,
        Rule = a.Rule,
        Subject = a.Subject,
        State = a.Status == AlertStatus.Raised ? AlertState.Raised : AlertState.Resolved,
        Value = a.Value,
        Threshold = a.Threshold,
        Message = a.Message,
        RaisedAt = ToTimestamp(a.RaisedAtTicks),
        UpdatedAt = ToTimestamp(a.UpdatedAtTicks),
        ResolvedAt = a.ResolvedAtTicks is { } resolved ? ToTimestamp(resolved) : null,
    };

    private static Contracts.V1.HealthBand ToBand(Scoring.HealthBand band) => band switch
    {
        Scoring.HealthBand.Healthy => Contracts.V1.HealthBand.Healthy,
        Scoring.HealthBand.AtRisk => Contracts.V1.HealthBand.AtRisk,
        Scoring.HealthBand.Critical => Contracts.V1.HealthBand.Critical,
        _ => Contracts.V1.HealthBand.Unspecified,
    };

    private static Timestamp ToTimestamp(long utcTicks) =>
        Timestamp.FromDateTimeOffset(new DateTimeOffset(utcTicks, TimeSpan.Zero));
}
