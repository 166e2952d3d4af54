using System.Threading.Channels;
using CxGrains.Abstractions;
using CxGrains.Grains.Background;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Live;

/// <summary>
/// The silo's live publisher. Grains hand it changes without waiting; a background loop gathers
/// them for <see cref="LiveOptions.BatchDelay"/> after the first one and sends one
/// <see cref="LiveBatch"/> per web host, never one call per change. Pending aggregate changes are
/// coalesced per aggregate (the latest state wins), so memory stays bounded by the number of
/// aggregates however slow the hosts are.
/// </summary>
public sealed partial class BatchingLivePublisher(
    IGrainFactory grains,
    IOptions<LiveOptions> options,
    TimeProvider time,
    ILogger<BatchingLivePublisher> logger) : SiloBackgroundLoop(time), ILivePublisher
{
    private readonly LiveOptions _options = options.Value;
    private readonly Lock _gate = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private Dictionary<(AggregateKind, string), LiveAggregateChange> _aggregates = [];
    private List<AlertSnapshot> _alerts = [];
    private IReadOnlyList<ILiveHostObserver> _hosts = [];
    private long _hostsReadAt = long.MinValue;
    private long _batchesSent;
    private long _deliveryFailures;
    private long _droppedAlerts;

    /// <summary>Batches delivered to hosts since start (one per host per flush).</summary>
    public long BatchesSent => Interlocked.Read(ref _batchesSent);

    /// <summary>Deliveries that failed or timed out (the host is skipped for that batch).</summary>
    public long DeliveryFailures => Interlocked.Read(ref _deliveryFailures);

    /// <inheritdoc />
    public void PublishAlert(AlertSnapshot alert)
    {
        lock (_gate)
        {
            if (_alerts.Count >= _options.MaxPendingAlerts)
            {
                _alerts.RemoveAt(0);
                _droppedAlerts++;
            }

            _alerts.Add(alert);
        }

        _wake.Writer.TryWrite(true);
    }

    /// <inheritdoc />
    public void PublishAggregate(LiveAggregateChange change)
    {
        lock (_gate)
        {
            _aggregates[(change.Kind, change.Key)] = change;
        }

        _wake.Writer.TryWrite(true);
    }

    /// <inheritdoc />
    protected override int Stage => ServiceLifecycleStage.Active;

    /// <summary>Sends what is pending now, to every live host. Exposed for the stop path and tests.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        LiveBatch batch;
        long dropped;
        lock (_gate)
        {
            if (_aggregates.Count == 0 && _alerts.Count == 0)
            {
                return;
            }

            batch = new LiveBatch { Aggregates = [.. _aggregates.Values], Alerts = _alerts };
            _aggregates = [];
            _alerts = [];
            dropped = _droppedAlerts;
            _droppedAlerts = 0;
        }

        if (dropped > 0)
        {
            LogAlertsDropped(dropped);
        }

        var hosts = await HostsAsync(cancellationToken);
        if (hosts.Count == 0)
        {
            // Nobody to push to (no web host registered yet, or the registry is unreachable).
            LogNoHosts(batch.Aggregates.Count, batch.Alerts.Count);
            return;
        }

        await Task.WhenAll(hosts.Select(host => DeliverAsync(host, batch, cancellationToken)));
    }

    /// <inheritdoc />
    // A change wakes the loop; the changes made during the batch delay after it go in the same batch.
    protected override async ValueTask<bool> WaitForNextPassAsync(CancellationToken stopping)
    {
        if (!await _wake.Reader.WaitToReadAsync(stopping))
        {
            return false;
        }

        _wake.Reader.TryRead(out _);
        if (_options.BatchDelay > TimeSpan.Zero)
        {
            await Task.Delay(_options.BatchDelay, Time, stopping);
        }

        return true;
    }

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken stopping) => FlushAsync(stopping);

    /// <inheritdoc />
    // The last batch: what was published until the silo stopped being active.
    protected override async Task OnStoppingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            LogLoopError(ex);
        }
    }

    /// <inheritdoc />
    protected override void LogPassFailed(Exception exception) => LogLoopError(exception);

    private async Task<IReadOnlyList<ILiveHostObserver>> HostsAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetTimestamp();
        if (_hostsReadAt != long.MinValue && Time.GetElapsedTime(_hostsReadAt, now) < _options.HostListRefresh)
        {
            return _hosts;
        }

        try
        {
            _hosts = await grains.GetGrain<ILiveHostRegistryGrain>(0).GetHosts().WaitAsync(_options.DeliveryTimeout, cancellationToken);
            _hostsReadAt = now;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Keep the last known list: a registry that is moving between silos must not stop pushes.
            LogRegistryUnavailable(ex);
        }

        return _hosts;
    }

    private async Task DeliverAsync(ILiveHostObserver host, LiveBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await host.Deliver(batch).WaitAsync(_options.DeliveryTimeout, cancellationToken);
            Interlocked.Increment(ref _batchesSent);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A host that went away stays listed until it expires; skipping it costs this batch only.
            Interlocked.Increment(ref _deliveryFailures);
            LogDeliveryFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Live publisher loop error")]
    private partial void LogLoopError(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A live host did not take a batch; it is skipped until it renews or expires")]
    private partial void LogDeliveryFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No live host to send {Aggregates} aggregate and {Alerts} alert changes to; they are dropped")]
    private partial void LogNoHosts(int aggregates, int alerts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live host registry unavailable; using the last known host list")]
    private partial void LogRegistryUnavailable(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} pending alert changes were dropped: hosts are not keeping up")]
    private partial void LogAlertsDropped(long count);
}
