using CxGrains.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace CxGrains.Grains.Live;

/// <summary>
/// The list of live web hosts, in memory only: when this grain moves to another silo the list
/// refills within one renewal interval, because every host renews periodically.
/// </summary>
[GrainType("cx.live-hosts")]
public sealed class LiveHostRegistryGrain(IOptions<LiveOptions> options, ILogger<LiveHostRegistryGrain> logger)
    : Grain, ILiveHostRegistryGrain
{
    private readonly ObserverManager<ILiveHostObserver> _hosts = new(options.Value.HostExpiry, logger);

    /// <inheritdoc />
    public Task Register(ILiveHostObserver host)
    {
        _hosts.Subscribe(host, host);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Unregister(ILiveHostObserver host)
    {
        _hosts.Unsubscribe(host);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ILiveHostObserver>> GetHosts()
    {
        _hosts.ClearExpired();
        return Task.FromResult<IReadOnlyList<ILiveHostObserver>>([.. _hosts]);
    }
}
