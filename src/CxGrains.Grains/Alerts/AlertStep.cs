namespace CxGrains.Grains.Alerts;

/// <summary>What one evaluation of a rule decided.</summary>
public enum AlertStep
{
    /// <summary>Nothing to report.</summary>
    None,

    /// <summary>The condition started to hold.</summary>
    Raise,

    /// <summary>Still raised, with a value worth reporting.</summary>
    Update,

    /// <summary>The value went past the clear threshold.</summary>
    Resolve,

    /// <summary>Raised, but the subject sent no new evidence for the rule's no-data timeout.</summary>
    NoData,
}
