namespace CxGrains.Scoring;

/// <summary>
/// The metric values a touchpoint or segment view shows, computed from <see cref="MetricCounts"/> exactly as
/// DESIGN.md §1 defines them (definitions version <see cref="MetricDefinitions.Version"/>). Percentages are 0–100,
/// times are seconds, and any ratio whose denominator is zero is 0: read it beside its n.
/// </summary>
/// <param name="Events">Interactions of any kind.</param>
/// <param name="Negative">Negative experiences.</param>
/// <param name="NegativePercent">Negative experiences as % of all interactions.</param>
/// <param name="NpsScore">NPS, −100..100.</param>
/// <param name="NpsPromoters">NPS answers of 9–10.</param>
/// <param name="NpsPassives">NPS answers of 7–8.</param>
/// <param name="NpsDetractors">NPS answers of 0–6.</param>
/// <param name="NpsResponses">NPS answers.</param>
/// <param name="NpsMargin95">Half-width of the adjusted-Wald 95 % interval of the NPS, in points.</param>
/// <param name="NpsReliable">Whether there are at least the minimum responses to colour or alert on the NPS.</param>
/// <param name="CsatTop2Percent">% of CSAT answers that are 4 or 5.</param>
/// <param name="CsatMean">Mean CSAT answer, 1–5.</param>
/// <param name="CsatResponses">CSAT answers.</param>
/// <param name="CesMean">Mean CES answer, 1–7 (higher = easier).</param>
/// <param name="CesEasyPercent">% of CES answers that are 5 or more.</param>
/// <param name="CesResponses">CES answers.</param>
/// <param name="Contacts">Contacts, answered or abandoned.</param>
/// <param name="Abandoned">Contacts abandoned.</param>
/// <param name="FcrPercent">First-contact resolutions as % of contacts not abandoned.</param>
/// <param name="AbandonPercent">Abandoned as % of all contacts.</param>
/// <param name="ServiceLevelPercent">Contacts answered within target as % of answered + abandoned contacts.</param>
/// <param name="MeanWaitSeconds">Mean wait over all contacts.</param>
/// <param name="AsaSeconds">Average speed of answer: mean wait of answered contacts.</param>
/// <param name="MeanHandleSeconds">Mean handle time of contacts not abandoned.</param>
public readonly record struct MetricValues(
    long Events,
    long Negative,
    double NegativePercent,
    double NpsScore,
    long NpsPromoters,
    long NpsPassives,
    long NpsDetractors,
    long NpsResponses,
    double NpsMargin95,
    bool NpsReliable,
    double CsatTop2Percent,
    double CsatMean,
    long CsatResponses,
    double CesMean,
    double CesEasyPercent,
    long CesResponses,
    long Contacts,
    long Abandoned,
    double FcrPercent,
    double AbandonPercent,
    double ServiceLevelPercent,
    double MeanWaitSeconds,
    double AsaSeconds,
    double MeanHandleSeconds)
{
    /// <summary>Computes every metric from merged counts.</summary>
    /// <param name="counts">The counts of a window, touchpoint or segment.</param>
    /// <param name="minimumResponses">NPS responses needed before <see cref="NpsReliable"/> is true (default 30).</param>
    /// <returns>The metric values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimumResponses"/> is negative.</exception>
    public static MetricValues From(in MetricCounts counts, int minimumResponses = MetricDefinitions.DefaultMinimumResponses)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumResponses);

        var npsResponses = counts.NpsPromoters + counts.NpsPassives + counts.NpsDetractors;
        var answered = counts.Contacts - counts.Abandoned;
        return new MetricValues(
            Events: counts.Events,
            Negative: counts.Negative,
            NegativePercent: Ratio.Percent(counts.Negative, counts.Events),
            NpsScore: NetPromoterScore.Score(counts.NpsPromoters, counts.NpsPassives, counts.NpsDetractors),
            NpsPromoters: counts.NpsPromoters,
            NpsPassives: counts.NpsPassives,
            NpsDetractors: counts.NpsDetractors,
            NpsResponses: npsResponses,
            NpsMargin95: NetPromoterScore.Margin95(counts.NpsPromoters, counts.NpsPassives, counts.NpsDetractors),
            NpsReliable: npsResponses >= minimumResponses,

            // CSAT: top-2-box share, mean beside it (industry definition).
            CsatTop2Percent: Ratio.Percent(counts.CsatTop2, counts.CsatResponses),
            CsatMean: Ratio.Mean(counts.CsatSum, counts.CsatResponses),
            CsatResponses: counts.CsatResponses,

            // CES: mean, share of 5–7 beside it (DESIGN.md §1).
            CesMean: Ratio.Mean(counts.CesSum, counts.CesResponses),
            CesEasyPercent: Ratio.Percent(counts.CesEasy, counts.CesResponses),
            CesResponses: counts.CesResponses,

            // Contact-centre definitions of DESIGN.md §1.
            Contacts: counts.Contacts,
            Abandoned: counts.Abandoned,
            FcrPercent: Ratio.Percent(counts.FirstContactResolutions, answered),
            AbandonPercent: Ratio.Percent(counts.Abandoned, counts.Contacts),

            // Answered + abandoned is every contact: abandons count against the service level.
            ServiceLevelPercent: Ratio.Percent(counts.AnsweredWithinTarget, answered + counts.Abandoned),
            MeanWaitSeconds: Ratio.Mean(counts.WaitSum, counts.Contacts),
            AsaSeconds: Ratio.Mean(counts.AnsweredWaitSum, answered),
            MeanHandleSeconds: Ratio.Mean(counts.HandleSum, answered));
    }
}
