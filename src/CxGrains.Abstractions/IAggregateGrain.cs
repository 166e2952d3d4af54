using CxGrains.Scoring;

namespace CxGrains.Abstractions;

/// <summary>
/// A hot aggregate (touchpoint or segment). It is never called once per event: each silo's
/// accumulator merges deltas into it a few times a second.
/// </summary>
public interface IAggregateGrain : IGrainWithStringKey
{
    /// <summary>Merges one silo's accumulated delta.</summary>
    Task Merge(AggregateDelta delta);

    /// <summary>Counts over the window ending now, or null when the aggregate has never seen an event.</summary>
    Task<AggregateSnapshot?> GetSnapshot(WindowKind window);

    /// <summary>
    /// Evaluates the aggregate's raised alerts again without new data: resolves those whose value
    /// aged past the clear threshold and those without new evidence for their no-data timeout.
    /// </summary>
    Task RecheckAlerts();

    /// <summary>
    /// A recompute run starts rebuilding the rolling windows: from now on every merged delta also goes
    /// into a new set of windows, which the run fills with the journal's counts.
    /// </summary>
    Task BeginRebuild(Guid runId);

    /// <summary>Adds counts replayed from the journal to the new windows of run <paramref name="runId"/>.</summary>
    /// <returns>False when this activation holds no rebuild of that run (it was restarted meanwhile).</returns>
    Task<bool> AddRebuilt(Guid runId, AggregateDelta counts);

    /// <summary>Replaces the rolling windows by the rebuilt ones and writes them.</summary>
    /// <returns>False when this activation holds no rebuild of that run (it was restarted meanwhile).</returns>
    Task<bool> FinishRebuild(Guid runId);

    /// <summary>Drops the rebuild of run <paramref name="runId"/> (the run failed); the live windows stay.</summary>
    Task AbandonRebuild(Guid runId);
}
