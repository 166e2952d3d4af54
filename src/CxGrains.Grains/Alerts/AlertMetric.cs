namespace CxGrains.Grains.Alerts;

/// <summary>
/// A metric a rule can watch: one of the values <see cref="Scoring.MetricValues.From"/> computes.
/// Configuration spells them in camelCase (<c>nps</c>, <c>abandonPercent</c>); case does not matter.
/// </summary>
public enum AlertMetric
{
    /// <summary>NPS, −100..100; sample: NPS responses.</summary>
    Nps = 1,

    /// <summary>CSAT top-2-box %, sample: CSAT responses.</summary>
    CsatTop2Percent,

    /// <summary>Mean CSAT 1–5; sample: CSAT responses.</summary>
    CsatMean,

    /// <summary>Mean CES 1–7 (higher = easier); sample: CES responses.</summary>
    CesMean,

    /// <summary>CES % of 5–7; sample: CES responses.</summary>
    CesEasyPercent,

    /// <summary>First-contact resolution %; sample: answered contacts.</summary>
    FcrPercent,

    /// <summary>Abandoned % of contacts; sample: contacts.</summary>
    AbandonPercent,

    /// <summary>Answered within target % of contacts; sample: contacts.</summary>
    ServiceLevelPercent,

    /// <summary>Mean wait of all contacts, seconds; sample: contacts.</summary>
    MeanWaitSeconds,

    /// <summary>Average speed of answer, seconds; sample: answered contacts.</summary>
    AsaSeconds,

    /// <summary>Mean handle time, seconds; sample: answered contacts.</summary>
    MeanHandleSeconds,

    /// <summary>Negative experiences % of interactions; sample: interactions.</summary>
    NegativePercent,
}
