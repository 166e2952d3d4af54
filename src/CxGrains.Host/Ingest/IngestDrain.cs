namespace CxGrains.Host.Ingest;

/// <summary>
/// Drains ingest on a graceful stop, before anything else stops: open streams stop taking new batches,
/// finish and ack the ones they took, and end with <c>UNAVAILABLE</c> so that clients resend what is
/// unacknowledged to another server; new calls are refused the same way. Only then do the web server and
/// the silo (or cluster client) stop. Bounded by the host's shutdown timeout (<c>Cx:Shutdown:Timeout</c>).
/// </summary>
public sealed partial class IngestDrain(ILogger<IngestDrain> logger) : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _active;

    /// <summary>What a client is told when the server stops taking batches.</summary>
    public const string ShuttingDownMessage =
        "this server is shutting down and takes no new batches; resend every unacknowledged batch to another server (a resend never counts twice).";

    /// <summary>Fires when ingest must stop taking new batches.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Registers an ingest call; false once draining has begun (refuse the call).</summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _active);
        if (!_stopping.IsCancellationRequested)
        {
            return true;
        }

        Exit();
        return false;
    }

    /// <summary>Ends an ingest call registered by <see cref="TryEnter"/>.</summary>
    public void Exit()
    {
        if (Interlocked.Decrement(ref _active) == 0 && _stopping.IsCancellationRequested)
        {
            _idle.TrySetResult();
        }
    }

    /// <inheritdoc />
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var open = Volatile.Read(ref _active);
        LogDraining(logger, open);
        await _stopping.CancelAsync();
        if (Volatile.Read(ref _active) == 0)
        {
            _idle.TrySetResult();
        }

        try
        {
            await _idle.Task.WaitAsync(cancellationToken);
            LogDrained(logger);
        }
        catch (OperationCanceledException)
        {
            LogDrainCutShort(logger, Volatile.Read(ref _active));
        }
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Stopping: draining {Open} open ingest calls")]
    private static partial void LogDraining(ILogger logger, int open);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Ingest drained: every batch taken was acked")]
    private static partial void LogDrained(ILogger logger);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Shutdown timeout reached with {Open} ingest calls still open; clients resend what they lack")]
    private static partial void LogDrainCutShort(ILogger logger, int open);
}
