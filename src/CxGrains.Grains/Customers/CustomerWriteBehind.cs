using CxGrains.Grains.Background;
using CxGrains.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Customers;

/// <summary>
/// The silo's one write-behind clock for its customer grains. A grain with
/// unwritten changes enlists once; every half interval (<c>WriteBehindInterval</c>, or in ack mode
/// durable <c>SnapshotInterval</c>) the entries enlisted before
/// the previous tick are handed back to their grains, each on its own scheduler, to write. So a
/// change is written between half an interval and one interval after it was made, many changes of
/// a busy customer share one write, and a million customers cost one timer, not one each.
/// </summary>
/// <remarks>
/// At most <c>WriteBehindMaxInFlight</c> writes run at once; due customers beyond that wait in
/// order and go as writes finish. A silo taking more changes than its store can write then writes
/// each customer later, with more changes in each write, instead of queueing serialized states
/// (and the events kept for a write conflict) without bound.
/// </remarks>
public sealed partial class CustomerWriteBehind : SiloBackgroundLoop
{
    private readonly ILogger<CustomerWriteBehind> _logger;
    private readonly int _maxInFlight;
    private readonly Lock _gate = new();
    private readonly Queue<Enlisted> _waiting = new();
    private List<Enlisted> _newer = [];
    private List<Enlisted> _older = [];
    private List<Enlisted> _spare = [];
    private int _inFlight;

    /// <summary>Creates the silo's clock.</summary>
    public CustomerWriteBehind(IOptions<DurabilityOptions> options, TimeProvider time, GrainMetrics metrics, ILogger<CustomerWriteBehind> logger)
        : base(time, options.Value.CustomerWriteInterval / 2)
    {
        _logger = logger;
        _maxInFlight = options.Value.WriteBehindMaxInFlight;
        metrics.ObserveWriteBehind(() => { lock (_gate) { return _waiting.Count; } }, () => Volatile.Read(ref _inFlight));
    }

    /// <summary>A grain that writes its own state when its turn comes.</summary>
    public interface IWriter
    {
        /// <summary>False once the grain no longer wants the write (it is deactivating and writes itself).</summary>
        bool WantsWriteBehind { get; }

        /// <summary>
        /// Writes the grain's unwritten changes; called on the grain's own scheduler. The task ends
        /// when the write does (or at once, if there is nothing to write), and never faults.
        /// </summary>
        Task WriteBehindDueAsync();
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
    protected override int Stage => ServiceLifecycleStage.Active;

    /// <inheritdoc />
    // No final pass: grains still enlisted write themselves as they deactivate, later in the stop.
    protected override Task RunOnceAsync(CancellationToken stopping)
    {
        Tick();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override void LogPassFailed(Exception exception) => LogTickFailed(_logger, exception);

    private void Tick()
    {
        List<Enlisted>? starting;
        lock (_gate)
        {
            var due = _older;
            _older = _newer;
            _newer = _spare;
            foreach (var entry in due)
            {
                _waiting.Enqueue(entry);
            }

            due.Clear();
            _spare = due;
            starting = TakeStartable();
        }

        Start(starting);
    }

    // A write ended: its slot goes to the next customer waiting, at once rather than at the next tick.
    private void Finished()
    {
        List<Enlisted>? starting;
        lock (_gate)
        {
            _inFlight--;
            starting = TakeStartable();
        }

        Start(starting);
    }

    // Under the gate: takes waiting entries into free slots; null when none starts.
    private List<Enlisted>? TakeStartable()
    {
        List<Enlisted>? starting = null;
        while (_inFlight < _maxInFlight && _waiting.TryDequeue(out var entry))
        {
            if (entry.Writer.WantsWriteBehind)
            {
                _inFlight++;
                (starting ??= []).Add(entry);
            }
        }

        return starting;
    }

    private void Start(List<Enlisted>? starting)
    {
        if (starting is null)
        {
            return;
        }

        foreach (var (writer, scheduler) in starting)
        {
            // Orleans runs work queued to an activation's scheduler even after it deactivated, so every slot comes back.
            Task.Factory.StartNew(static w => ((IWriter)w!).WriteBehindDueAsync(), writer, CancellationToken.None, TaskCreationOptions.None, scheduler)
                .Unwrap()
                .ContinueWith(static (_, self) => ((CustomerWriteBehind)self!).Finished(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private readonly record struct Enlisted(IWriter Writer, TaskScheduler Scheduler);

    [LoggerMessage(Level = LogLevel.Error, Message = "Customer write-behind tick failed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
