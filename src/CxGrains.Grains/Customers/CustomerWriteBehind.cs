using CxGrains.Grains.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Customers;

/// <summary>
/// Ack mode applied: the silo's one write-behind clock for its customer grains. A grain with
/// unwritten changes enlists once; every half <c>WriteBehindInterval</c> the entries enlisted before
/// the previous tick are handed back to their grains, each on its own scheduler, to write. So a
/// change is written between half an interval and one interval after it was made, many changes of
/// a busy customer share one write, and a million customers cost one timer, not one each.
/// </summary>
public sealed partial class CustomerWriteBehind(
    IOptions<DurabilityOptions> options,
    TimeProvider time,
    ILogger<CustomerWriteBehind> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private List<Enlisted> _newer = [];
    private List<Enlisted> _older = [];
    private List<Enlisted> _spare = [];
    private Task _loop = Task.CompletedTask;

    /// <summary>A grain that writes its own state when its turn comes.</summary>
    public interface IWriter
    {
        /// <summary>False once the grain no longer wants the write (it is deactivating and writes itself).</summary>
        bool WantsWriteBehind { get; }

        /// <summary>Writes the grain's unwritten changes; called on the grain's own scheduler.</summary>
        void WriteBehindDue();
    }

    /// <summary>Enlists <paramref name="writer"/>; call it from the grain's turn, once per round of changes.</summary>
    public void Enlist(IWriter writer)
    {
        // The grain's scheduler, captured in its turn: the write must run there, between its other turns.
        var entry = new Enlisted(writer, TaskScheduler.Current);
        lock (_gate)
        {
            _newer.Add(entry);
        }
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CustomerWriteBehind), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    // Grains still enlisted write themselves as they deactivate, later in the stop.
    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(options.Value.WriteBehindInterval / 2, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    Tick();
                }
                catch (Exception ex)
                {
                    LogTickFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Tick()
    {
        List<Enlisted> due;
        lock (_gate)
        {
            due = _older;
            _older = _newer;
            _newer = _spare;
        }

        foreach (var (writer, scheduler) in due)
        {
            if (writer.WantsWriteBehind)
            {
                _ = Task.Factory.StartNew(static w => ((IWriter)w!).WriteBehindDue(), writer, CancellationToken.None, TaskCreationOptions.None, scheduler);
            }
        }

        due.Clear();
        _spare = due;
    }

    private readonly record struct Enlisted(IWriter Writer, TaskScheduler Scheduler);

    [LoggerMessage(Level = LogLevel.Error, Message = "Customer write-behind tick failed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
