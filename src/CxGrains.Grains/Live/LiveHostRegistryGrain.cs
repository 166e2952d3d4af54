using CxGrains.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Orleans.Utilities;

namespace CxGrains.Grains.Live;

/// <summary>
/// The list of live web hosts. The list is written whenever a host joins or leaves, so that a new
/// activation of this grain starts with it: Orleans replaces an activation when its silo stops or
/// when a silo joins and two activations briefly exist (the losing one is deactivated), and a list
/// kept only in memory would then miss every host until it renews, silently dropping their pushes.
/// Renewals only refresh the in-memory expiry; a loaded host gets a fresh expiry.
/// </summary>
[GrainType("cx.live-hosts")]
public sealed partial class LiveHostRegistryGrain(
    [PersistentState(LiveHostRegistryGrain.StateName, StorageNames.Provider)] IPersistentState<LiveHostRegistryState> state,
    IOptions<LiveOptions> options,
    ILogger<LiveHostRegistryGrain> logger)
    : Grain, ILiveHostRegistryGrain
{
    /// <summary>State name; unique among grain classes, as <see cref="StorageNames"/> requires.</summary>
    public const string StateName = "live-hosts";

    private readonly ObserverManager<ILiveHostObserver> _hosts = new(options.Value.HostExpiry, logger);

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var host in state.State.Hosts)
        {
            _hosts.Subscribe(host, host);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task Register(ILiveHostObserver host)
    {
        var known = _hosts.Count;
        _hosts.Subscribe(host, host);
        if (_hosts.Count != known)
        {
            await SaveAsync();
        }
    }

    /// <inheritdoc />
    public async Task Unregister(ILiveHostObserver host)
    {
        var known = _hosts.Count;
        _hosts.Unsubscribe(host);
        if (_hosts.Count != known)
        {
            await SaveAsync();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ILiveHostObserver>> GetHosts()
    {
        var known = _hosts.Count;
        _hosts.ClearExpired();
        if (_hosts.Count != known)
        {
            try
            {
                await SaveAsync();
            }
            catch (Exception ex)
            {
                // Publishers need the list now; the removal is written with the next change.
                LogSaveFailed(ex);
            }
        }

        return [.. _hosts];
    }

    private async Task SaveAsync()
    {
        state.State.Hosts = [.. _hosts];
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            // Another activation wrote the list: this one is a duplicate that is being replaced.
            // Deactivating makes the caller's retry reach the current list.
            DeactivateOnIdle();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the live host list failed; it is written with the next change")]
    private partial void LogSaveFailed(Exception exception);
}
