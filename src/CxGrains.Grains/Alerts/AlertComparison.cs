namespace CxGrains.Grains.Alerts;

/// <summary>Which side of the threshold is bad.</summary>
public enum AlertComparison
{
    /// <summary>Raised while the value is below the threshold (e.g. NPS, service level).</summary>
    Below = 1,

    /// <summary>Raised while the value is above the threshold (e.g. abandon %, wait).</summary>
    Above = 2,
}
