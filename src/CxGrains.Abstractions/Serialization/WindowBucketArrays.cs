using CxGrains.Scoring;

namespace CxGrains.Abstractions.Serialization;

/// <summary>Stores rolling-window buckets as three parallel arrays (compact, and the same for every counts type).</summary>
internal static class WindowBucketArrays
{
    /// <summary>The buckets' windows, indexes and counts.</summary>
    public static (WindowKind[] Windows, long[] Indexes, TCounts[] Counts) Split<TCounts>(IReadOnlyList<WindowBucket<TCounts>> buckets)
        where TCounts : struct, IWindowCounts<TCounts>
    {
        var windows = new WindowKind[buckets.Count];
        var indexes = new long[buckets.Count];
        var counts = new TCounts[buckets.Count];
        for (var i = 0; i < buckets.Count; i++)
        {
            (windows[i], indexes[i], counts[i]) = buckets[i];
        }

        return (windows, indexes, counts);
    }

    /// <summary>The buckets back from their arrays; none when the arrays are absent.</summary>
    public static WindowBucket<TCounts>[] Join<TCounts>(WindowKind[]? windows, long[] indexes, TCounts[] counts)
        where TCounts : struct, IWindowCounts<TCounts>
    {
        var buckets = new WindowBucket<TCounts>[windows?.Length ?? 0];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = new WindowBucket<TCounts>(windows![i], indexes[i], counts[i]);
        }

        return buckets;
    }
}
