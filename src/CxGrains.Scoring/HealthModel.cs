namespace CxGrains.Scoring;

/// <summary>
/// Turns a <see cref="CustomerExperience"/> into a health score, band, churn risk and reasons
/// (docs/scoring.md, "Customer health"). The formulas are ours; DESIGN.md §2 fixes their properties.
/// </summary>
public static class HealthModel
{
    /// <summary>Health at or above which a customer is healthy (DESIGN.md §2).</summary>
    public const double HealthyThreshold = 70;

    /// <summary>Health at or above which a customer is at risk rather than critical (DESIGN.md §2).</summary>
    public const double AtRiskThreshold = 40;

    /// <summary>The reason given when churn risk is at least <see cref="ChurnReasonThreshold"/>.</summary>
    public const string NegativeExperiencesReason = "recent negative experiences";

    /// <summary>Churn risk from which recent negative experiences are given as a reason: one fresh negative experience.</summary>
    public const double ChurnReasonThreshold = 1.0 / 3.0;

    /// <summary>Hill exponent h = ln 18 / ln 3, so that risk(3) = 0.9 given K^h = 2.</summary>
    public const double ChurnHillExponent = 2.630929753571457;

    /// <summary>K^h of the churn Hill curve, so that risk(1) = 1 / (1 + 2) = 1/3.</summary>
    public const double ChurnHalfSaturation = 2;

    /// <summary>The band of a health score: ≥ 70 healthy, ≥ 40 at risk, otherwise critical (DESIGN.md §2).</summary>
    /// <param name="healthScore">Health 0–100.</param>
    /// <returns>The band; NaN is critical.</returns>
    public static HealthBand BandOf(double healthScore) =>
        healthScore >= HealthyThreshold ? HealthBand.Healthy
        : healthScore >= AtRiskThreshold ? HealthBand.AtRisk
        : HealthBand.Critical;

    /// <summary>
    /// Churn risk from the decayed count n of negative experiences: the Hill curve nʰ / (nʰ + 2) with
    /// h = ln 18 / ln 3 ≈ 2.63, calibrated to the figures of DESIGN.md §1 — 0 at n = 0, 1/3 after one fresh negative
    /// experience, 0.9 after three; monotone and below 1.
    /// </summary>
    /// <param name="decayedNegativeCount">The decayed count of negative experiences.</param>
    /// <returns>The risk, 0–1.</returns>
    public static double ChurnRisk(double decayedNegativeCount)
    {
        if (!(decayedNegativeCount > 0))
        {
            return 0;
        }

        if (double.IsPositiveInfinity(decayedNegativeCount))
        {
            return 1;
        }

        // Hill curve (our choice): S-shaped, so the second and third bad experience raise the risk most.
        var powered = Math.Pow(decayedNegativeCount, ChurnHillExponent);
        return powered / (powered + ChurnHalfSaturation);
    }

    /// <summary>The lower-case name of a component, as shown in reasons and the API.</summary>
    /// <param name="component">The component.</param>
    /// <returns><c>loyalty</c>, <c>satisfaction</c>, <c>effort</c> or <c>service</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown component.</exception>
    public static string NameOf(HealthComponentKind component) => component switch
    {
        HealthComponentKind.Loyalty => "loyalty",
        HealthComponentKind.Satisfaction => "satisfaction",
        HealthComponentKind.Effort => "effort",
        HealthComponentKind.Service => "service",
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, "Unknown component."),
    };

    /// <summary>
    /// Assesses a customer's health at <paramref name="nowTicks"/>. Each component's score is its decayed mean
    /// shrunk toward the neutral score; health is Σ wᶜ·sᶜ / Σ wᶜ over the components that have data no older than
    /// <see cref="HealthModelOptions.StaleAfter"/> (a missing or stale component drops out, or counts at the neutral
    /// score under <see cref="MissingDataPolicy.Neutral"/>; it never counts as zero). With no such component the
    /// health is the neutral score and <see cref="HealthAssessment.HasData"/> is false.
    /// </summary>
    /// <param name="experience">The customer's experience.</param>
    /// <param name="nowTicks">The current time, UTC ticks.</param>
    /// <param name="options">The health model settings.</param>
    /// <returns>The assessment.</returns>
    public static HealthAssessment Assess(CustomerExperience experience, long nowTicks, HealthModelOptions options) =>
        Assess(experience, nowTicks, options, null, null);

    /// <summary>Assesses a customer's health under <paramref name="scorecard"/>, which the assessment names.</summary>
    /// <param name="experience">The customer's experience.</param>
    /// <param name="nowTicks">The current time, UTC ticks.</param>
    /// <param name="scorecard">The scorecard chosen for the customer.</param>
    /// <returns>The assessment, with the scorecard's name and version.</returns>
    public static HealthAssessment Assess(CustomerExperience experience, long nowTicks, Scorecard scorecard)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        return Assess(experience, nowTicks, scorecard.Model, scorecard.Name, scorecard.Version);
    }

    private static HealthAssessment Assess(CustomerExperience experience, long nowTicks, HealthModelOptions options, string? scorecard, string? version)
    {
        Span<double> scores = stackalloc double[ComponentCount];
        Span<double> weights = stackalloc double[ComponentCount];
        var figures = Compute(experience, nowTicks, options, scores, weights, out var weightSum, out var missing);

        var components = new List<ComponentScore>(ComponentCount);
        for (var kind = HealthComponentKind.Loyalty; kind <= HealthComponentKind.Service; kind++)
        {
            if (weights[(int)kind] > 0)
            {
                components.Add(new ComponentScore(kind, NameOf(kind), scores[(int)kind], weights[(int)kind] / weightSum)
                {
                    Missing = (missing & (1 << (int)kind)) != 0,
                });
            }
        }

        return new HealthAssessment(
            figures.Score,
            figures.Band,
            figures.ChurnRisk,
            figures.DecayedNegatives,
            components,
            ReasonsFor(components, figures.ChurnRisk, options.HealthyThreshold),
            figures.HasData)
        {
            Scorecard = scorecard,
            ScorecardVersion = version,
        };
    }

    /// <summary>
    /// The figures of <see cref="Assess(CustomerExperience, long, HealthModelOptions)"/> (score, band, churn risk),
    /// identical to its, without the components and reasons that explain them; allocates nothing, for the ingest path.
    /// </summary>
    /// <inheritdoc cref="Assess(CustomerExperience, long, HealthModelOptions)" />
    public static HealthFigures Figures(CustomerExperience experience, long nowTicks, HealthModelOptions options)
    {
        Span<double> scores = stackalloc double[ComponentCount];
        Span<double> weights = stackalloc double[ComponentCount];
        return Compute(experience, nowTicks, options, scores, weights, out _, out _);
    }

    private const int ComponentCount = (int)HealthComponentKind.Service + 1;

    // Fills each component's score and raw weight (weight 0: dropped out) and blends them; a bit of
    // missing per component counted at the neutral score.
    private static HealthFigures Compute(CustomerExperience experience, long nowTicks, HealthModelOptions options,
        Span<double> scores, Span<double> weights, out double weightSum, out int missing)
    {
        ArgumentNullException.ThrowIfNull(experience);
        ArgumentNullException.ThrowIfNull(options);

        double halfLife = options.HalfLife.Ticks;
        var neutral = options.NeutralScore;
        var missingCountsNeutral = options.MissingData == MissingDataPolicy.Neutral;
        weightSum = 0.0;
        missing = 0;
        var weightedScore = 0.0;
        var hasData = false;
        for (var kind = HealthComponentKind.Loyalty; kind <= HealthComponentKind.Service; kind++)
        {
            ref readonly var average = ref experience.Component(kind);
            var weight = options.WeightOf(kind);
            if (average.IsEmpty || weight <= 0 || nowTicks - average.AsOfTicks > options.StaleAfter.Ticks)
            {
                if (missingCountsNeutral && weight > 0)
                {
                    // The scorecard says "no news is neutral": the component keeps its weight at the neutral score.
                    scores[(int)kind] = neutral;
                    weights[(int)kind] = weight;
                    weightSum += weight;
                    weightedScore += weight * neutral;
                    missing |= 1 << (int)kind;
                    continue;
                }

                weights[(int)kind] = 0;
                continue; // no data, stale, or switched off: drops out and the rest are re-weighted
            }

            // Decayed mean shrunk toward neutral: old data fades back to "no opinion", not to zero. Our choice.
            var score = Math.Clamp(average.Mean(nowTicks, halfLife, neutral, options.PriorWeight), 0, 100);
            scores[(int)kind] = score;
            weights[(int)kind] = weight;
            weightSum += weight;
            weightedScore += weight * score;
            hasData = true;
        }

        var health = hasData ? Math.Clamp(weightedScore / weightSum, 0, 100) : neutral;
        var decayedNegatives = experience.Negatives.DecayedWeight(nowTicks, options.NegativeWindow.Ticks);
        return new HealthFigures(health, options.BandOf(health), ChurnRisk(decayedNegatives), decayedNegatives, hasData);
    }

    private static List<string> ReasonsFor(List<ComponentScore> components, double churnRisk, double healthyThreshold)
    {
        // Components below the healthy line, worst first: what pulled the score down. At most four, and this
        // runs on every read, so a plain insertion sort of their indices on the stack rather than LINQ or a list.
        Span<int> low = stackalloc int[ComponentCount];
        var count = 0;
        for (var i = 0; i < components.Count; i++)
        {
            var component = components[i];
            if (component.Score >= healthyThreshold || component.Missing)
            {
                continue; // a component counted at neutral for lack of data is no reason
            }

            var at = count;
            while (at > 0 && Before(component, components[low[at - 1]]))
            {
                low[at] = low[at - 1];
                at--;
            }

            low[at] = i;
            count++;
        }

        var reasons = new List<string>(count + 1);
        foreach (var index in low[..count])
        {
            reasons.Add(components[index].Name);
        }

        if (churnRisk >= ChurnReasonThreshold)
        {
            reasons.Add(NegativeExperiencesReason);
        }

        return reasons;

        static bool Before(ComponentScore a, ComponentScore b) => a.Score < b.Score || (a.Score == b.Score && a.Kind < b.Kind);
    }
}
