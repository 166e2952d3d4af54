namespace CxGrains.Scoring;

/// <summary>The components a customer's health score blends; the value is a stable index (0–3).</summary>
public enum HealthComponentKind : byte
{
    /// <summary>Loyalty, from NPS answers.</summary>
    Loyalty = 0,

    /// <summary>Satisfaction, from CSAT answers.</summary>
    Satisfaction = 1,

    /// <summary>Effort, from CES answers.</summary>
    Effort = 2,

    /// <summary>Service outcomes, from contacts and complaints.</summary>
    Service = 3,
}
