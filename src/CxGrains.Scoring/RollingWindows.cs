namespace CxGrains.Scoring;

/// <summary>The rolling windows of a touchpoint's or segment's experience metrics (see <see cref="RollingWindows{TCounts}"/>).</summary>
public sealed class RollingWindows : RollingWindows<MetricCounts>
{
    /// <summary>The width of one bucket of a window.</summary>
    /// <param name="window">The window.</param>
    /// <returns>5 s, 1 min, 5 min or 1 h.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown window.</exception>
    public static TimeSpan BucketWidth(WindowKind window) => TimeSpan.FromTicks(WindowLayout.WidthTicks(window));

    /// <summary>The number of buckets a window spans.</summary>
    /// <param name="window">The window.</param>
    /// <returns>12, 15, 12 or 24.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown window.</exception>
    public static int BucketCount(WindowKind window) => WindowLayout.BucketCount(window);

    /// <summary>Restores windows from exported buckets; buckets of one index are merged, and an older bucket never displaces a newer one.</summary>
    /// <param name="buckets">Buckets from <see cref="RollingWindows{TCounts}.Export()"/>.</param>
    /// <returns>The restored windows.</returns>
    /// <exception cref="ArgumentException">A bucket names an unknown window or a negative index.</exception>
    public static RollingWindows Import(IEnumerable<WindowBucket<MetricCounts>> buckets)
    {
        var windows = new RollingWindows();
        windows.Restore(buckets);
        return windows;
    }
}
