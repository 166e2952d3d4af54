using System.ComponentModel.DataAnnotations;

namespace CxGrains.Grains;

/// <summary>Promised waits per touchpoint (the expectation side of disconfirmation). Section <c>Cx:ServiceTargets</c>.</summary>
public sealed class ServiceTargetOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:ServiceTargets";

    /// <summary>Target wait of touchpoints not listed below, seconds. Default 60.</summary>
    [Range(0.001, 86400.0)]
    public double DefaultTargetWaitSeconds { get; set; } = 60;

    /// <summary>Target wait per touchpoint id, seconds.</summary>
    public Dictionary<string, double> TargetWaitSeconds { get; set; } = new(StringComparer.Ordinal);
}
