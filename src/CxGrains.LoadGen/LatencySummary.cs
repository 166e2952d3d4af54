namespace CxGrains.LoadGen;

/// <summary>Ack latency percentiles in milliseconds (bucket upper bounds, ≤ 3.2 % high).</summary>
/// <param name="Count">Latencies recorded.</param>
/// <param name="MeanMs">Mean.</param>
/// <param name="P50Ms">Median.</param>
/// <param name="P90Ms">90th percentile.</param>
/// <param name="P99Ms">99th percentile.</param>
/// <param name="P999Ms">99.9th percentile.</param>
/// <param name="MaxMs">Maximum.</param>
public sealed record LatencySummary(
    long Count,
    double MeanMs,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs)
{
    /// <summary>No latencies recorded.</summary>
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);
}
