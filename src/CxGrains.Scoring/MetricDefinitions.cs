namespace CxGrains.Scoring;

/// <summary>
/// Identifies the metric definitions in force, so that every reported number can say how it was computed.
/// </summary>
public static class MetricDefinitions
{
    /// <summary>
    /// The version of the metric definitions (docs/scoring.md). Bump it whenever a formula or threshold changes
    /// meaning, so that numbers computed under different definitions are never compared silently.
    /// </summary>
    public const string Version = "cx-metrics/1";

    /// <summary>
    /// Responses below which an NPS (or other survey score) is shown but not coloured or alerted on (DESIGN.md §1:
    /// 30, configurable). At n = 30 the 95 % margin of a typical NPS is still about ±27 points.
    /// </summary>
    public const int DefaultMinimumResponses = 30;
}
