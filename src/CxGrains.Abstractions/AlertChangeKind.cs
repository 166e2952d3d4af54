namespace CxGrains.Abstractions;

/// <summary>What an evaluator observed about a rule and subject.</summary>
public enum AlertChangeKind
{
    /// <summary>The condition holds: raises the alert, or updates it when already raised.</summary>
    Holds = 1,

    /// <summary>The condition cleared past the clear threshold: resolves the alert.</summary>
    Cleared = 2,
}
