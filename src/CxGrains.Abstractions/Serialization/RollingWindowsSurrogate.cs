using CxGrains.Scoring;

namespace CxGrains.Abstractions.Serialization;

/// <summary>Storage form of <see cref="RollingWindows"/>: its non-empty buckets.</summary>
[GenerateSerializer, Alias("cx.RollingWindows")]
internal struct RollingWindowsSurrogate
{
    [Id(0)] public WindowKind[] Windows;
    [Id(1)] public long[] BucketIndexes;
    [Id(2)] public MetricCounts[] Counts;
}

/// <summary>Converts <see cref="RollingWindows"/> to and from its surrogate.</summary>
[RegisterConverter]
internal sealed class RollingWindowsConverter : IConverter<RollingWindows, RollingWindowsSurrogate>
{
    /// <inheritdoc />
    public RollingWindows ConvertFromSurrogate(in RollingWindowsSurrogate s)
    {
        var buckets = new WindowBucket<MetricCounts>[s.Windows?.Length ?? 0];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = new WindowBucket<MetricCounts>(s.Windows![i], s.BucketIndexes[i], s.Counts[i]);
        }

        return RollingWindows.Import(buckets);
    }

    /// <inheritdoc />
    public RollingWindowsSurrogate ConvertToSurrogate(in RollingWindows v)
    {
        var buckets = v.Export();
        var surrogate = new RollingWindowsSurrogate
        {
            Windows = new WindowKind[buckets.Count],
            BucketIndexes = new long[buckets.Count],
            Counts = new MetricCounts[buckets.Count],
        };
        for (var i = 0; i < buckets.Count; i++)
        {
            surrogate.Windows[i] = buckets[i].Window;
            surrogate.BucketIndexes[i] = buckets[i].BucketIndex;
            surrogate.Counts[i] = buckets[i].Counts;
        }

        return surrogate;
    }
}
