using CxGrains.Grains.Background;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// Runs the accumulator's flush loop while the silo is active (with the touchpoint deliveries of
/// ack mode durable), and flushes once more when the silo stops so that a graceful shutdown loses no
/// deltas: when it stops being active, and again after its grains were deactivated (customer grains
/// keep applying events until then). The deliveries finish last, after the journal's final commit.
/// </summary>
public sealed partial class AccumulatorFlusher(
    AggregateAccumulator accumulator,
    TouchpointDeliveries deliveries,
    IOptions<AccumulatorOptions> options,
    TimeProvider time,
    ILogger<AccumulatorFlusher> logger) : SiloBackgroundLoop(time, options.Value.FlushInterval)
{
    /// <inheritdoc />
    protected override int Stage => ServiceLifecycleStage.Active;

    /// <inheritdoc />
    public override void Participate(ISiloLifecycle lifecycle)
    {
        base.Participate(lifecycle);

        // Stages stop in descending order: this runs once GrainDeactivation has deactivated every grain (and the
        // directory has been handed over); messaging stops much later, at RuntimeInitialize.
        lifecycle.Subscribe(nameof(AccumulatorFlusher) + ".Final", ServiceLifecycleStage.GrainDirectoryShutdown - 1,
            _ => Task.CompletedTask, cancellationToken => accumulator.FlushAsync(cancellationToken));

        // The journal's committer stops (committing what is queued) at RuntimeStorageServices; this
        // runs right after it, while messaging still reaches the touchpoints.
        lifecycle.Subscribe(nameof(AccumulatorFlusher) + ".Deliveries", ServiceLifecycleStage.RuntimeStorageServices - 1,
            _ => Task.CompletedTask, cancellationToken => deliveries.FinishAsync(FinishTimeout, cancellationToken));
    }

    private static readonly TimeSpan FinishTimeout = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken stopping) =>
        Task.WhenAll(accumulator.FlushAsync(stopping), deliveries.FlushAsync(stopping));

    /// <inheritdoc />
    protected override Task OnStoppingAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(accumulator.FlushAsync(cancellationToken), deliveries.StoreAppliedAsync(cancellationToken));

    /// <inheritdoc />
    protected override void LogPassFailed(Exception exception) => LogLoopError(exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Accumulator flush loop error")]
    private partial void LogLoopError(Exception exception);
}
