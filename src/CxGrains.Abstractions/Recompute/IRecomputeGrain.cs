namespace CxGrains.Abstractions.Recompute;

/// <summary>
/// The cluster's one recompute coordinator (key <see cref="RecomputeGrainKeys.Cluster"/>): rebuilds
/// customer, touchpoint and segment state from the event journal with the current scoring code, one
/// run at a time.
/// </summary>
public interface IRecomputeGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts a run for the customers journaled at or after <paramref name="fromTicks"/> (UTC ticks), or
    /// returns the run already in progress. Refused (with the reason) when the cluster keeps no journal.
    /// </summary>
    Task<RecomputeStart> Start(long fromTicks);

    /// <summary>The run with <paramref name="runId"/>, or null when this cluster does not know it.</summary>
    Task<RecomputeStatus?> Get(Guid runId);
}

/// <summary>Keys of the recompute coordinator.</summary>
public static class RecomputeGrainKeys
{
    /// <summary>The one coordinator of a cluster.</summary>
    public const string Cluster = "cluster";
}
