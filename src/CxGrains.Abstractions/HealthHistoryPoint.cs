using CxGrains.Scoring;

namespace CxGrains.Abstractions;

/// <summary>A customer's health on one UTC day: the last evaluation of that day.</summary>
[GenerateSerializer, Immutable, Alias("cx.HealthHistoryPoint")]
public sealed record HealthHistoryPoint
{
    /// <summary>The UTC day.</summary>
    [Id(0)] public required DateOnly Day { get; init; }

    /// <summary>Health 0–100 (kept to 0.01), the overridden score while an override set one.</summary>
    [Id(1)] public required double HealthScore { get; init; }

    /// <summary>The band, the overridden one while an override applied.</summary>
    [Id(2)] public required HealthBand Band { get; init; }

    /// <summary>True when an override applied at that evaluation.</summary>
    [Id(3)] public required bool Overridden { get; init; }

    /// <summary>The metric version the score was computed with.</summary>
    [Id(4)] public required string MetricVersion { get; init; }
}
