using CxGrains.Abstractions;
using CxGrains.Grains.Background;
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
    TimeProvider time,
    ILogger<LiveHostRegistration> logger) : BackgroundLoop(time, options.Value.RenewInterval), IHostedService
{
    // A failed registration is retried every second until it succeeds, then renewed every RenewInterval.
    private static readonly RetryBackoff RegisterRetry = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    private ILiveHostObserver? _reference;

    /// <inheritdoc />
    protected override RetryBackoff Retry => RegisterRetry;

    /// <inheritdoc />
    // The first registration is awaited so that a started host already receives pushes; a failure only
    // delays it to the loop's retries.
    protected override bool FirstPassOnStart => true;

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = grains.CreateObjectReference<ILiveHostObserver>(observer);
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken stopping) =>
        grains.GetGrain<ILiveHostRegistryGrain>(0).Register(_reference!).WaitAsync(options.Value.DeliveryTimeout, stopping);

    /// <inheritdoc />
    protected override void LogPassFailed(Exception exception) => LogRegisterFailed(exception);

    /// <inheritdoc />
    protected override async Task OnStoppingAsync(CancellationToken cancellationToken)
    {
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering this host for live pushes failed; retrying")]
    private partial void LogRegisterFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unregistering this host from live pushes failed")]
    private partial void LogUnregisterFailed(Exception exception);
}
