namespace CxGrains.Scoring;

/// <summary>The band a 0–100 health score falls in (100 = healthy); mirrors <c>cx.v1.HealthBand</c>.</summary>
public enum HealthBand : byte
{
    /// <summary>Health of 70 or more.</summary>
    Healthy = 1,

    /// <summary>Health from 40 up to (not including) 70.</summary>
    AtRisk = 2,

    /// <summary>Health below 40.</summary>
    Critical = 3,
}
