using System.Threading.Channels;
using CxGrains.Abstractions;
using CxGrains.Grains.Background;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Alerts;

/// <summary>
/// The per-silo queue between evaluators (aggregate and customer grains) and the alert grain.
/// <see cref="Report"/> never blocks and never throws, so neither ingest nor an aggregate's merge
/// waits for the alert grain; a background loop sends queued changes in order, in batches, and
/// retries a failed batch until it is accepted or the silo stops.
/// </summary>
public sealed partial class AlertReporter : SiloBackgroundLoop
{
    private const int MaxBatch = 256;
    private static readonly RetryBackoff SendRetry = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5));

    private readonly Channel<Item> _queue;
    private readonly IGrainFactory _grains;
    private readonly ILogger<AlertReporter> _logger;

    // The batch being sent: kept across retries of a failed send, and sent by the final pass if the silo stops first.
    private readonly List<Item> _batch = new(MaxBatch);
    private long _dropped;

    /// <summary>Creates the reporter of this silo.</summary>
    public AlertReporter(IGrainFactory grains, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertReporter> logger)
        : base(time)
    {
        _grains = grains;
        _logger = logger;
        _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(options.Value.ReportQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: refuses instead of waiting
        });
    }

    /// <summary>Changes dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues a change for the alert grain. Drops it, with a warning, when the queue is full.</summary>
    public void Report(AlertChange change)
    {
        if (!_queue.Writer.TryWrite(new Item(change, null, null)))
        {
            Interlocked.Increment(ref _dropped);
            LogDropped(change.AlertId);
        }
    }

    /// <summary>
    /// Removes every alert about <paramref name="subject"/>, after the changes queued before it, so
    /// that a change still in the queue cannot bring an erased customer back.
    /// </summary>
    public Task ForgetAsync(string subject)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite(new Item(null, subject, done))
            ? done.Task
            : AlertGrain().Forget(subject); // queue full or stopped: straight to the grain
    }

    /// <inheritdoc />
    protected override int Stage => ServiceLifecycleStage.Active;

    /// <inheritdoc />
    protected override RetryBackoff Retry => SendRetry;

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // From now on reports are dropped and forgets go straight to the grain: the final pass sees the whole queue.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override ValueTask<bool> WaitForNextPassAsync(CancellationToken stopping) => _queue.Reader.WaitToReadAsync(stopping);

    /// <inheritdoc />
    // A failed send keeps its batch: the retry sends the same changes again, in order, before any newer one.
    protected override async Task RunOnceAsync(CancellationToken stopping)
    {
        if (_batch.Count == 0)
        {
            while (_batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                _batch.Add(item);
            }
        }

        await SendAsync(_batch);
        _batch.Clear();
    }

    /// <inheritdoc />
    protected override void LogPassFailed(Exception exception) => LogSendFailed(_batch.Count, exception);

    /// <inheritdoc />
    // One last try for the unsent batch and what is still queued; what fails now is lost with the silo.
    protected override async Task OnStoppingAsync(CancellationToken cancellationToken)
    {
        var rest = new List<Item>(_batch);
        _batch.Clear();
        while (_queue.Reader.TryRead(out var item))
        {
            rest.Add(item);
        }

        if (rest.Count == 0)
        {
            return;
        }

        try
        {
            await SendAsync(rest);
        }
        catch (Exception ex)
        {
            LogSendFailed(rest.Count, ex);
            foreach (var item in rest)
            {
                item.Done?.TrySetCanceled(CancellationToken.None);
            }
        }
    }

    // In queue order: runs of changes go as one call, a forget between them as its own.
    private async Task SendAsync(List<Item> items)
    {
        var grain = AlertGrain();
        var changes = new List<AlertChange>();
        foreach (var item in items)
        {
            if (item.Change is { } change)
            {
                changes.Add(change);
                continue;
            }

            if (changes.Count > 0)
            {
                await grain.Apply([.. changes]);
                changes.Clear();
            }

            try
            {
                await grain.Forget(item.ForgetSubject!);
                item.Done!.TrySetResult();
            }
            catch (Exception ex)
            {
                item.Done!.TrySetException(ex);
            }
        }

        if (changes.Count > 0)
        {
            await grain.Apply(changes);
        }
    }

    private IAlertGrain AlertGrain() => _grains.GetGrain<IAlertGrain>(AlertGrainKeys.Cluster);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert report queue is full; dropped the change of {AlertId}")]
    private partial void LogDropped(string alertId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Count} alert changes to the alert grain failed; retrying")]
    private partial void LogSendFailed(int count, Exception exception);

    private readonly record struct Item(AlertChange? Change, string? ForgetSubject, TaskCompletionSource? Done);
}
