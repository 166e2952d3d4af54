namespace CxGrains.Abstractions;

/// <summary>Lifecycle of an alert: raised (possibly updated many times), then resolved once.</summary>
public enum AlertStatus
{
    /// <summary>The rule's condition holds.</summary>
    Raised = 1,

    /// <summary>The condition cleared past the rule's clear threshold.</summary>
    Resolved = 2,
}
