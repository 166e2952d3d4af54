using CxGrains.Scoring;

namespace CxGrains.Abstractions;

/// <summary>
/// A moment at which a customer's band changes by time alone (decay, staleness or an override's end), as its
/// segments apply it without hearing from the customer again. <see cref="None"/> (band 0) when there is none.
/// </summary>
[GenerateSerializer, Immutable, Alias("cx.BandCrossing")]
public readonly record struct BandCrossing(
    [property: Id(0)] long AtTicks,
    [property: Id(1)] HealthBand Band,
    [property: Id(2)] AtRiskEntry? Listing)
{
    /// <summary>No crossing.</summary>
    public static readonly BandCrossing None;

    /// <summary>True when this is a crossing (not <see cref="None"/>).</summary>
    public bool Exists => Band != 0;
}
