using CxGrains.Scoring;

namespace CxGrains.Abstractions;

/// <summary>A customer's state scored at <see cref="AsOfTicks"/>: what the query API returns.</summary>
[GenerateSerializer, Immutable, Alias("cx.CustomerSnapshot")]
public sealed record CustomerSnapshot
{
    /// <summary>The customer id.</summary>
    [Id(0)] public required string CustomerId { get; init; }

    /// <summary>Health 0–100, higher is healthier.</summary>
    [Id(1)] public required double HealthScore { get; init; }

    /// <summary>Band of the health score.</summary>
    [Id(2)] public required HealthBand Band { get; init; }

    /// <summary>Churn risk 0–1, higher is worse.</summary>
    [Id(3)] public required double ChurnRisk { get; init; }

    /// <summary>Value tier (from the <c>tier</c> attribute), empty when never sent.</summary>
    [Id(4)] public required string ValueTier { get; init; }

    /// <summary>Weight of the tier used to rank at-risk customers.</summary>
    [Id(5)] public required double ValueWeight { get; init; }

    /// <summary>The latest NPS answer, if any.</summary>
    [Id(6)] public NpsAnswerSnapshot? LastNps { get; init; }

    /// <summary>Negative experiences within the recent window.</summary>
    [Id(7)] public required int NegativeExperiences { get; init; }

    /// <summary>Health components that count (fresh data, or missing and counted at neutral), with their re-normalised weights.</summary>
    [Id(8)] public required IReadOnlyList<ComponentScore> Components { get; init; }

    /// <summary>What pulled the score down, worst first.</summary>
    [Id(9)] public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>Recent interactions, newest first.</summary>
    [Id(10)] public required IReadOnlyList<RecentInteraction> Recent { get; init; }

    /// <summary>When the state last changed (receive time, UTC ticks).</summary>
    [Id(11)] public required long UpdatedAtTicks { get; init; }

    /// <summary>When the scores were computed (UTC ticks).</summary>
    [Id(12)] public required long AsOfTicks { get; init; }

    /// <summary>Events applied to this customer so far.</summary>
    [Id(13)] public required long EventCount { get; init; }

    /// <summary>The scorecard that scored the customer (chosen by its attributes); empty from an older silo.</summary>
    [Id(15)] public string Scorecard { get; init; } = "";

    /// <summary>That scorecard's version.</summary>
    [Id(16)] public string ScorecardVersion { get; init; } = "";

    /// <summary>The metric definitions and scorecard version, e.g. <c>cx-metrics/1;scorecard=gold@2</c>.</summary>
    [Id(17)] public string MetricVersion { get; init; } = Scoring.MetricDefinitions.Version;

    /// <summary>When decay alone would move the customer to another band (UTC ticks); null when it never would.</summary>
    [Id(18)] public long? BandChangesAtTicks { get; init; }

    /// <summary>The band it would move to then; null when it never would.</summary>
    [Id(19)] public HealthBand? BandChangesTo { get; init; }
    /// <summary>The score computed from the customer's experience; <see cref="HealthScore"/> differs from it while an override sets a score.</summary>
    [Id(20)] public double ComputedHealthScore { get; init; }

    /// <summary>The band of <see cref="ComputedHealthScore"/>.</summary>
    [Id(21)] public HealthBand ComputedBand { get; init; }

    /// <summary>The override in force, if any.</summary>
    [Id(22)] public HealthOverride? Override { get; init; }

    /// <summary><see cref="HealthScore"/> minus the score of 7 days ago; null when there is no point for that day.</summary>
    [Id(23)] public double? Trend7Days { get; init; }

    /// <summary><see cref="HealthScore"/> minus the score of 30 days ago; null when there is no point for that day.</summary>
    [Id(24)] public double? Trend30Days { get; init; }
}
