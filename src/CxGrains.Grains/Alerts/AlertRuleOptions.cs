namespace CxGrains.Grains.Alerts;

/// <summary>One metric rule, an entry of <c>Cx:Alerts:Rules</c>.</summary>
public sealed class AlertRuleOptions
{
    /// <summary>Unique name: letters, digits, '-', '_' and '.'; part of every alert id the rule raises.</summary>
    public string? Name { get; set; }

    /// <summary><c>touchpoint</c> or <c>segment</c>.</summary>
    public string? Subject { get; set; }

    /// <summary>Touchpoint ids or canonical segment keys the rule watches; empty watches every one.</summary>
    public List<string> Subjects { get; set; } = [];

    /// <summary>The metric, e.g. <c>nps</c>, <c>abandonPercent</c> (see docs/alerts.md for the list).</summary>
    public string? Metric { get; set; }

    /// <summary>The rolling window: <c>1m</c>, <c>15m</c>, <c>1h</c> or <c>24h</c>. Default <c>15m</c>.</summary>
    public string Window { get; set; } = "15m";

    /// <summary><c>below</c> or <c>above</c>: the bad side of the threshold.</summary>
    public string? Comparison { get; set; }

    /// <summary>Raised once the value is strictly past this.</summary>
    public double? Threshold { get; set; }

    /// <summary>
    /// Resolved once the value reaches this; on the good side of <see cref="Threshold"/> (≥ it for
    /// <c>below</c>, ≤ it for <c>above</c>). Default: the threshold itself (no hysteresis band).
    /// </summary>
    public double? ClearThreshold { get; set; }

    /// <summary>This rule's no-data timeout; default <c>Cx:Alerts:NoDataTimeout</c>. Zero: never resolve for lack of data.</summary>
    public TimeSpan? NoDataTimeout { get; set; }

    /// <summary>Fewest samples (responses, contacts or events, by metric) to raise or resolve. Default 30.</summary>
    public int MinimumResponses { get; set; } = 30;
}
