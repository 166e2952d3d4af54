namespace CxGrains.Scoring;

/// <summary>
/// The figures of a health assessment without its explanation (components, reasons): what the ingest
/// path needs after every change, computed by <see cref="HealthModel.Figures"/> without allocating.
/// </summary>
/// <param name="Score">Health 0–100.</param>
/// <param name="Band">The band of <paramref name="Score"/>.</param>
/// <param name="ChurnRisk">Churn risk 0–1.</param>
/// <param name="DecayedNegatives">Recent negative experiences, decayed.</param>
/// <param name="HasData">False when no component had fresh data (the score is then the neutral score).</param>
public readonly record struct HealthFigures(double Score, HealthBand Band, double ChurnRisk, double DecayedNegatives, bool HasData);
