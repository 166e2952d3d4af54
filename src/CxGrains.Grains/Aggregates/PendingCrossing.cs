using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// A segment's record of one customer whose band changes with time: the band the segment counts it in now, and
/// the changes still to apply (see <see cref="SegmentBands"/>).
/// </summary>
[GenerateSerializer, Alias("cx.PendingCrossing")]
public sealed class PendingCrossing
{
    /// <summary>The band the segment counts the customer in.</summary>
    [Id(0)] public HealthBand Counted { get; set; }

    /// <summary>The next change to apply.</summary>
    [Id(1)] public BandCrossing Next { get; set; }

    /// <summary>The change after <see cref="Next"/>, or <see cref="BandCrossing.None"/>.</summary>
    [Id(2)] public BandCrossing Then { get; set; }
}
