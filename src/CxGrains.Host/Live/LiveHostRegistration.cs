using CxGrains.Abstractions;
using CxGrains.Grains.Live;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Live;

/// <summary>
/// Registers this host's observer with the cluster's host registry at start-up and renews it
/// every <see cref="LiveOptions.RenewInterval"/>, so every silo's publisher pushes here. Uses only
/// <see cref="IGrainFactory"/>, which silo processes and Orleans-client front ends both have.
/// </summary>
public sealed partial class LiveHostRegistration(
    IGrainFactory grains,
    LiveHostObserver observer,
    IOptions<LiveOptions> options,
    ILogger<LiveHostRegistration> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private ILiveHostObserver? _reference;
    private Task _renewing = Task.CompletedTask;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = grains.CreateObjectReference<ILiveHostObserver>(observer);
        // The first registration is awaited so that a started host already receives pushes; a
        // failure only delays it to the renewal loop.
        await TryRegisterAsync();
        _renewing = Task.Run(RenewLoopAsync, CancellationToken.None);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _renewing;
        if (_reference is null)
        {
            return;
        }

        try
        {
            await grains.GetGrain<ILiveHostRegistryGrain>(0).Unregister(_reference).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception ex)
        {
            // The registry drops hosts that stop renewing; unregistering only makes it sooner.
            LogUnregisterFailed(ex);
        }

        grains.DeleteObjectReference<ILiveHostObserver>(_reference);
    }

    private async Task RenewLoopAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var ok = await TryRegisterAsync();
                await Task.Delay(ok ? options.Value.RenewInterval : RetryDelay, _stopping.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task<bool> TryRegisterAsync()
    {
        try
        {
            await grains.GetGrain<ILiveHostRegistryGrain>(0).Register(_reference!).WaitAsync(options.Value.DeliveryTimeout, _stopping.Token);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRegisterFailed(ex);
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering this host for live pushes failed; retrying")]
    private partial void LogRegisterFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unregistering this host from live pushes failed")]
    private partial void LogUnregisterFailed(Exception exception);
}
