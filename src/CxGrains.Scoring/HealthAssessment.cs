namespace CxGrains.Scoring;

/// <summary>A customer's health at a moment.</summary>
/// <param name="Score">Health 0–100; 100 means healthy.</param>
/// <param name="Band">The band the score falls in.</param>
/// <param name="ChurnRisk">Probability-like churn risk 0–1 from recent negative experiences; 1 means certain to leave.</param>
/// <param name="DecayedNegatives">The decayed count of negative experiences behind <paramref name="ChurnRisk"/>.</param>
/// <param name="Components">The components that took part (present and not stale, or counted at neutral), in component order.</param>
/// <param name="Reasons">Why the score is low: component names below 70, worst first, then "recent negative experiences" when churn risk is ≥ 1/3.</param>
/// <param name="HasData">Whether any component had data; when false the score is the neutral score.</param>
public sealed record HealthAssessment(
    double Score,
    HealthBand Band,
    double ChurnRisk,
    double DecayedNegatives,
    IReadOnlyList<ComponentScore> Components,
    IReadOnlyList<string> Reasons,
    bool HasData)
{
    /// <summary>The name of the scorecard that scored the customer; null when assessed with bare settings.</summary>
    public string? Scorecard { get; init; }

    /// <summary>The version of that scorecard; null when assessed with bare settings.</summary>
    public string? ScorecardVersion { get; init; }
}
