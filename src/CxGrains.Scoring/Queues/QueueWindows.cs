namespace CxGrains.Scoring.Queues;

/// <summary>A queue's rolling windows (see <see cref="RollingWindows{TCounts}"/>).</summary>
public sealed class QueueWindows : RollingWindows<QueueCounts>
{
    /// <summary>Restores windows from exported buckets.</summary>
    /// <param name="buckets">Buckets from <see cref="RollingWindows{TCounts}.Export()"/>.</param>
    /// <returns>The restored windows.</returns>
    /// <exception cref="ArgumentException">A bucket names an unknown window or a negative index.</exception>
    public static QueueWindows Import(IEnumerable<WindowBucket<QueueCounts>> buckets)
    {
        var windows = new QueueWindows();
        windows.Restore(buckets);
        return windows;
    }
}
