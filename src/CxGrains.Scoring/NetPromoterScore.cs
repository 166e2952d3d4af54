namespace CxGrains.Scoring;

/// <summary>The Net Promoter Score and its 95 % margin of error (DESIGN.md §1).</summary>
public static class NetPromoterScore
{
    /// <summary>The two-sided 95 % normal quantile.</summary>
    public const double Z95 = 1.96;

    /// <summary>
    /// NPS = % promoters − % detractors, from −100 to +100 (industry definition: promoters 9–10, passives 7–8,
    /// detractors 0–6). 0 when there are no responses.
    /// </summary>
    /// <param name="promoters">Answers of 9–10.</param>
    /// <param name="passives">Answers of 7–8.</param>
    /// <param name="detractors">Answers of 0–6.</param>
    /// <returns>The score in −100..100.</returns>
    public static double Score(long promoters, long passives, long detractors)
    {
        var n = promoters + passives + detractors;
        return n > 0 ? 100.0 * (promoters - detractors) / n : 0;
    }

    /// <summary>
    /// Half-width of the 95 % interval of the NPS, in NPS points, by the adjusted-Wald method: add 3 to n and ¾ to
    /// promoters and to detractors, then var = (p+ + p− − (p+ − p−)²) / n', margin = 1.96 × √var × 100.
    /// About ±15 at n = 100 with a 50/30/20 mix. With no responses it is the method's prior alone (≈ ±80):
    /// honest about knowing nothing.
    /// </summary>
    /// <param name="promoters">Answers of 9–10.</param>
    /// <param name="passives">Answers of 7–8.</param>
    /// <param name="detractors">Answers of 0–6.</param>
    /// <returns>The margin in NPS points (0..100).</returns>
    public static double Margin95(long promoters, long passives, long detractors)
    {
        // Adjusted Wald for a difference of two multinomial shares (DESIGN.md §1): better coverage at small n than plain Wald.
        var n = promoters + passives + detractors + 3.0;
        var pPlus = (promoters + 0.75) / n;
        var pMinus = (detractors + 0.75) / n;
        var diff = pPlus - pMinus;
        var variance = (pPlus + pMinus - (diff * diff)) / n;
        return Z95 * Math.Sqrt(Math.Max(0, variance)) * 100.0;
    }
}
