namespace CxGrains.Scoring;

/// <summary>One component's part in a health score.</summary>
/// <param name="Kind">The component.</param>
/// <param name="Name">Its lower-case name: <c>loyalty</c>, <c>satisfaction</c>, <c>effort</c> or <c>service</c>.</param>
/// <param name="Score">Its decayed, prior-shrunk score, 0–100 (higher = better).</param>
/// <param name="Weight">Its weight re-normalised over the components counted, so the weights shown sum to 1.</param>
public readonly record struct ComponentScore(HealthComponentKind Kind, string Name, double Score, double Weight)
{
    /// <summary>
    /// True when the component had no fresh data and counts at the neutral score (a scorecard whose missing-data
    /// policy is <see cref="MissingDataPolicy.Neutral"/>); such a component is never given as a reason.
    /// </summary>
    public bool Missing { get; init; }

    /// <summary>Points of the health score that come from this component, <c>Score × Weight</c>: the contributions sum to the health score.</summary>
    public double Contribution => Score * Weight;
}
