namespace CxGrains.Admin.Cli;

/// <summary>What a cx-admin command line asks for.</summary>
public enum AdminVerb
{
    /// <summary>Print the usage.</summary>
    Help,

    /// <summary>Start a recompute (and perhaps follow it).</summary>
    Recompute,

    /// <summary>Print one recompute run's status.</summary>
    RecomputeStatus,
}
