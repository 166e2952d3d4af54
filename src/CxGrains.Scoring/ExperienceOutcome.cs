namespace CxGrains.Scoring;

/// <summary>What recording one interaction did to a customer's experience.</summary>
/// <param name="Component">The health component the signal went to, or <see langword="null"/> (purchases).</param>
/// <param name="Signal">The experience signal, 0–100 (higher = better); NaN when there was none.</param>
/// <param name="Negative">Whether it was a negative experience (and so added to the churn count).</param>
public readonly record struct ExperienceOutcome(HealthComponentKind? Component, double Signal, bool Negative);
