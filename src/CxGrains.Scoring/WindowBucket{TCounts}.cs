namespace CxGrains.Scoring;

/// <summary>One non-empty time bucket of a rolling window, as persisted and restored.</summary>
/// <typeparam name="TCounts">What the bucket counts.</typeparam>
/// <param name="Window">The window the bucket belongs to.</param>
/// <param name="BucketIndex">The bucket's index: UTC ticks of its start divided by the window's bucket width.</param>
/// <param name="Counts">What was counted in the bucket.</param>
public readonly record struct WindowBucket<TCounts>(WindowKind Window, long BucketIndex, TCounts Counts)
    where TCounts : struct, IWindowCounts<TCounts>;
