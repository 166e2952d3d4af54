using CxGrains.Scoring;

namespace CxGrains.Abstractions;

/// <summary>Customers per health band; also used as a signed delta when a customer changes band.</summary>
[GenerateSerializer, Immutable, Alias("cx.BandCounts")]
public readonly record struct BandCounts(
    [property: Id(0)] long Healthy,
    [property: Id(1)] long AtRisk,
    [property: Id(2)] long Critical)
{
    /// <summary>True when every count is zero.</summary>
    public bool IsZero => Healthy == 0 && AtRisk == 0 && Critical == 0;

    /// <summary>The counts with <paramref name="count"/> added to <paramref name="band"/>.</summary>
    public BandCounts Add(HealthBand band, long count) => band switch
    {
        HealthBand.Healthy => this with { Healthy = Healthy + count },
        HealthBand.AtRisk => this with { AtRisk = AtRisk + count },
        HealthBand.Critical => this with { Critical = Critical + count },
        _ => this,
    };

    /// <summary>Element-wise sum.</summary>
    public static BandCounts operator +(BandCounts a, BandCounts b) =>
        new(a.Healthy + b.Healthy, a.AtRisk + b.AtRisk, a.Critical + b.Critical);
}
