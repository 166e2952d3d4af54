namespace CxGrains.Scoring;

/// <summary>One non-empty time bucket of a rolling window, as persisted and restored.</summary>
/// <param name="Window">The window the bucket belongs to.</param>
/// <param name="BucketIndex">The bucket's index: UTC ticks of its start divided by the window's bucket width.</param>
/// <param name="Counts">What was counted in the bucket.</param>
public readonly record struct WindowBucket(WindowKind Window, long BucketIndex, MetricCounts Counts);
