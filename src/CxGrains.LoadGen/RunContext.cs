using Grpc.Core;

namespace CxGrains.LoadGen;

/// <summary>What every sender of one run shares.</summary>
internal sealed class RunContext(
    LoadOptions options,
    IReadOnlyList<IngestTarget> targets,
    BatchSource source,
    TokenBucketPacer pacer,
    RunCounters counters,
    CancellationTokenSource stop,
    CancellationToken abort)
{
    public LoadOptions Options { get; } = options;

    /// <summary>Where to send; a sender starts at one and moves to the next when its connection breaks.</summary>
    public IReadOnlyList<IngestTarget> Targets { get; } = targets;

    public Metadata Headers { get; } = string.IsNullOrEmpty(options.ApiKey) ? new Metadata() : new Metadata { { "x-api-key", options.ApiKey } };

    public BatchSource Source { get; } = source;

    public TokenBucketPacer Pacer { get; } = pacer;

    public RunCounters Counters { get; } = counters;

    /// <summary>Fires when no new batch should be sent (limit reached or cancelled); in-flight ones may finish.</summary>
    public CancellationToken Stop { get; } = stop.Token;

    /// <summary>Fires when everything must end now (drain timeout or a fatal failure).</summary>
    public CancellationToken Abort { get; } = abort;

    /// <summary>The event limit is reached: stop every sender taking new batches and start the drain timeout.</summary>
    public void EndSending() => stop.Cancel();

    /// <summary>Delay before reconnect attempt <paramref name="failures"/>: exponential, with ±20 % jitter so that
    /// streams do not reconnect in lock-step to a restarting server.</summary>
    public TimeSpan Backoff(int failures)
    {
        var exponential = Options.ReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20));
        var capped = Math.Min(exponential, Options.MaxReconnectDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }
}
