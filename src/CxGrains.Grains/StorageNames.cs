namespace CxGrains.Grains;

/// <summary>
/// Names of the grain storage provider and of each grain class's state. Every grain class has its
/// own state name: some providers key rows by grain key and state name only.
/// </summary>
public static class StorageNames
{
    /// <summary>The grain storage provider all CxGrains state lives in.</summary>
    public const string Provider = "cx";

    /// <summary>State name of customer grains.</summary>
    public const string Customer = "customer";

    /// <summary>State name of touchpoint grains.</summary>
    public const string Touchpoint = "touchpoint";

    /// <summary>State name of segment grains.</summary>
    public const string Segment = "segment";

    /// <summary>State name of the alert grain.</summary>
    public const string Alerts = "alerts";

    /// <summary>State name of the recompute coordinator.</summary>
    public const string Recompute = "recompute";
}
