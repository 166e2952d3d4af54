using CxGrains.Scoring;

namespace CxGrains.Abstractions;

/// <summary>
/// A score or band an admin set for a customer in place of the computed one, with the audit of who
/// set it, when and why. It ends by itself at <see cref="ExpiresAtTicks"/> (docs/scoring.md, "Overrides").
/// </summary>
[GenerateSerializer, Immutable, Alias("cx.HealthOverride")]
public sealed record HealthOverride
{
    /// <summary>The health score to show, 0–100; its band follows from it. Null when the override sets a band.</summary>
    [Id(0)] public double? Score { get; init; }

    /// <summary>The band to show, beside the computed score. Null when the override sets a score.</summary>
    [Id(1)] public HealthBand? Band { get; init; }

    /// <summary>Why it was set, as the admin gave it.</summary>
    [Id(2)] public required string Reason { get; init; }

    /// <summary>Who set it: the API key's name (never the key).</summary>
    [Id(3)] public required string SetBy { get; init; }

    /// <summary>When it was set (UTC ticks).</summary>
    [Id(4)] public required long SetAtTicks { get; init; }

    /// <summary>When it ends (UTC ticks, exclusive).</summary>
    [Id(5)] public required long ExpiresAtTicks { get; init; }

    /// <summary>True while the override applies at <paramref name="nowTicks"/>.</summary>
    public bool ActiveAt(long nowTicks) => nowTicks < ExpiresAtTicks;

    /// <summary>
    /// The score and band shown in place of the computed ones: a score override brings its own band; a
    /// band override keeps the computed score. Churn risk is never overridden (it ranks the at-risk lists).
    /// </summary>
    public (double Score, HealthBand Band) Apply(double computedScore, HealthBand computedBand) =>
        Score is { } score ? (score, HealthModel.BandOf(score)) : (computedScore, Band ?? computedBand);
}
