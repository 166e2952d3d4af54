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
    public RollingWindows ConvertFromSurrogate(in RollingWindowsSurrogate s) =>
        RollingWindows.Import(WindowBucketArrays.Join(s.Windows, s.BucketIndexes, s.Counts));

    /// <inheritdoc />
    public RollingWindowsSurrogate ConvertToSurrogate(in RollingWindows v)
    {
        var surrogate = default(RollingWindowsSurrogate);
        (surrogate.Windows, surrogate.BucketIndexes, surrogate.Counts) = WindowBucketArrays.Split(v.Export());
        return surrogate;
    }
}
