namespace CxGrains.Abstractions;

/// <summary>Well-known keys of singleton grains.</summary>
public static class AlertGrainKeys
{
    /// <summary>The key of the one <see cref="IAlertGrain"/> of a cluster.</summary>
    public const string Cluster = "cluster";
}
