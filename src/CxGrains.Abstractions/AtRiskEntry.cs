using CxGrains.Scoring;

namespace CxGrains.Abstractions;

/// <summary>A customer in band AT_RISK or CRITICAL as its segments list it.</summary>
[GenerateSerializer, Immutable, Alias("cx.AtRiskEntry")]
public sealed record AtRiskEntry
{
    /// <summary>The customer id.</summary>
    [Id(0)] public required string CustomerId { get; init; }

    /// <summary>Health 0–100.</summary>
    [Id(1)] public required double HealthScore { get; init; }

    /// <summary>AT_RISK or CRITICAL.</summary>
    [Id(2)] public required HealthBand Band { get; init; }

    /// <summary>Churn risk 0–1.</summary>
    [Id(3)] public required double ChurnRisk { get; init; }

    /// <summary>Value tier.</summary>
    [Id(4)] public required string ValueTier { get; init; }

    /// <summary>Value weight × churn risk: the ordering key.</summary>
    [Id(5)] public required double Priority { get; init; }
}
