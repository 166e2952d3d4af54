namespace CxGrains.Grains.Alerts;

/// <summary>
/// What a subject remembers about one rule, persisted with the subject's state so that a
/// reactivation neither re-raises a raised alert nor forgets to resolve it.
/// </summary>
[GenerateSerializer, Alias("cx.AlertRuleState.v1")]
public sealed class AlertRuleState
{
    /// <summary>Whether the alert is raised.</summary>
    [Id(0)] public bool Raised { get; set; }

    /// <summary>When it was raised (UTC ticks).</summary>
    [Id(1)] public long RaisedAtTicks { get; set; }

    /// <summary>When a change was last reported (UTC ticks): rate-limits updates.</summary>
    [Id(2)] public long ReportedAtTicks { get; set; }

    /// <summary>The value last reported.</summary>
    [Id(3)] public double ReportedValue { get; set; }

    /// <summary>
    /// When new data last gave the rule a sample at or above its minimum (UTC ticks): a raised alert
    /// without new evidence for the rule's no-data timeout resolves as "no data".
    /// </summary>
    [Id(4)] public long LastEvidenceAtTicks { get; set; }
}
