using System.Threading.Channels;
using CxGrains.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Alerts;

/// <summary>
/// The per-silo queue between evaluators (aggregate and customer grains) and the alert grain.
/// <see cref="Report"/> never blocks and never throws, so neither ingest nor an aggregate's merge
/// waits for the alert grain; a background loop sends queued changes in order, in batches, and
/// retries a failed batch until it is accepted or the silo stops.
/// </summary>
public sealed partial class AlertReporter : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private const int MaxBatch = 256;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly Channel<Item> _queue;
    private readonly IGrainFactory _grains;
    private readonly ILogger<AlertReporter> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private long _dropped;

    /// <summary>Creates the reporter of this silo.</summary>
    public AlertReporter(IGrainFactory grains, IOptions<AlertOptions> options, ILogger<AlertReporter> logger)
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
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(AlertReporter), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _loop;

        // One last try for what is still queued; what fails now is lost with the silo.
        var rest = new List<Item>();
        while (_queue.Reader.TryRead(out var item))
        {
            rest.Add(item);
        }

        if (rest.Count > 0)
        {
            try
            {
                await SendAsync(rest);
            }
            catch (Exception ex)
            {
                LogSendFailed(rest.Count, ex);
            }
        }
    }

    private async Task LoopAsync()
    {
        var batch = new List<Item>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                var delay = TimeSpan.FromMilliseconds(50);
                while (true)
                {
                    try
                    {
                        await SendAsync(batch);
                        break;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        LogSendFailed(batch.Count, ex);
                        await Task.Delay(delay, _stopping.Token);
                        delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
                    }
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: StopAsync sends what is left, including an unsent batch.
            foreach (var item in batch)
            {
                item.Done?.TrySetCanceled();
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
