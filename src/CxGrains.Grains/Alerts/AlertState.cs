using CxGrains.Abstractions;

namespace CxGrains.Grains.Alerts;

/// <summary>What the alert grain persists.</summary>
[GenerateSerializer, Alias("cx.AlertState.v1")]
public sealed class AlertState
{
    /// <summary>Raised alerts by alert id.</summary>
    [Id(0)] public Dictionary<string, AlertSnapshot> Active { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Recently resolved alerts, newest resolution first, bounded by <c>Cx:Alerts:ResolvedKept</c>.</summary>
    [Id(1)] public List<AlertSnapshot> Resolved { get; set; } = [];
}
