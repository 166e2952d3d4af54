using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// Runs the accumulator's flush loop while the silo is active, and flushes once more when the
/// silo stops so that a graceful shutdown loses no deltas: when it stops being active, and again
/// after its grains were deactivated (customer grains keep applying events until then).
/// </summary>
public sealed partial class AccumulatorFlusher(
    AggregateAccumulator accumulator,
    IOptions<AccumulatorOptions> options,
    ILogger<AccumulatorFlusher> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(AccumulatorFlusher), ServiceLifecycleStage.Active, StartAsync, StopAsync);

        // Stages stop in descending order: this runs once GrainDeactivation has deactivated every grain (and the
        // directory has been handed over); messaging stops much later, at RuntimeInitialize.
        lifecycle.Subscribe(nameof(AccumulatorFlusher) + ".Final", ServiceLifecycleStage.GrainDirectoryShutdown - 1,
            _ => Task.CompletedTask, cancellationToken => accumulator.FlushAsync(cancellationToken));
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
        await accumulator.FlushAsync(cancellationToken);
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await accumulator.FlushAsync(_stopping.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogLoopError(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "Accumulator flush loop error")]
    private partial void LogLoopError(Exception exception);
}
