namespace CxGrains.Abstractions;

/// <summary>
/// A web host (silo process or front-end client) that forwards live changes to its SignalR
/// clients. Hosts register one with <see cref="ILiveHostRegistryGrain"/>.
/// </summary>
public interface ILiveHostObserver : IGrainObserver
{
    /// <summary>Delivers one batch of changes; the host pushes them to the clients watching them.</summary>
    Task Deliver(LiveBatch batch);
}
