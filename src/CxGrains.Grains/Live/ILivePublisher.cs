using CxGrains.Abstractions;

namespace CxGrains.Grains.Live;

/// <summary>
/// The per-silo seam through which grains hand live changes to every connected web host.
/// Implementations must never block or throw into the caller: a slow wallboard must not slow
/// scoring.
/// </summary>
public interface ILivePublisher
{
    /// <summary>Queues an alert change (raised, updated or resolved) for every watching host.</summary>
    void PublishAlert(AlertSnapshot alert);

    /// <summary>
    /// Queues the latest state of a touchpoint or segment. A newer change of the same aggregate
    /// replaces one that has not been sent yet.
    /// </summary>
    void PublishAggregate(LiveAggregateChange change) { }
}
