namespace CxGrains.Scoring;

/// <summary>
/// How each rolling window is cut into buckets (docs/scoring.md "Windows"): 1 min = 12 × 5 s,
/// 15 min = 15 × 1 min, 1 h = 12 × 5 min, 24 h = 24 × 1 h.
/// </summary>
internal static class WindowLayout
{
    public const long MinuteBucketTicks = 5 * TimeSpan.TicksPerSecond;
    public const int MinuteBuckets = 12;
    public const long QuarterBucketTicks = TimeSpan.TicksPerMinute;
    public const int QuarterBuckets = 15;
    public const long HourBucketTicks = 5 * TimeSpan.TicksPerMinute;
    public const int HourBuckets = 12;
    public const long DayBucketTicks = TimeSpan.TicksPerHour;
    public const int DayBuckets = 24;

    public static long WidthTicks(WindowKind window) => window switch
    {
        WindowKind.OneMinute => MinuteBucketTicks,
        WindowKind.FifteenMinutes => QuarterBucketTicks,
        WindowKind.OneHour => HourBucketTicks,
        WindowKind.OneDay => DayBucketTicks,
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, "Unknown window."),
    };

    public static int BucketCount(WindowKind window) => window switch
    {
        WindowKind.OneMinute => MinuteBuckets,
        WindowKind.FifteenMinutes => QuarterBuckets,
        WindowKind.OneHour => HourBuckets,
        WindowKind.OneDay => DayBuckets,
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, "Unknown window."),
    };
}
