namespace CxGrains.Scoring;

/// <summary>The two ratio shapes every window metric takes, with one rule for empty denominators.</summary>
public static class Ratio
{
    /// <summary>
    /// <paramref name="part"/> as a percentage of <paramref name="whole"/>; 0 when the whole is zero or less
    /// (our choice: an empty window shows 0 beside n = 0 rather than NaN, which JSON and Prometheus handle badly).
    /// </summary>
    /// <param name="part">The numerator count.</param>
    /// <param name="whole">The denominator count.</param>
    /// <returns>100 × part / whole, or 0.</returns>
    public static double Percent(long part, long whole) => whole > 0 ? 100.0 * part / whole : 0;

    /// <summary>The mean of <paramref name="count"/> values summing to <paramref name="sum"/>; 0 when the count is zero or less.</summary>
    /// <param name="sum">The sum of the values.</param>
    /// <param name="count">How many values.</param>
    /// <returns>sum / count, or 0.</returns>
    public static double Mean(double sum, long count) => count > 0 ? sum / count : 0;
}
