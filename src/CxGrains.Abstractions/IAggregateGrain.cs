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
}
