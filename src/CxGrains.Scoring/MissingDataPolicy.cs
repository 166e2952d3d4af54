namespace CxGrains.Scoring;

/// <summary>How a scorecard treats a component with no fresh data (docs/scoring.md, "Customer health").</summary>
public enum MissingDataPolicy : byte
{
    /// <summary>The component drops out and the weights of the present ones are re-normalised to sum to 1 (the default).</summary>
    Renormalize = 0,

    /// <summary>The component keeps its weight and counts at the neutral score: "no news" pulls toward neutral.</summary>
    Neutral = 1,
}
