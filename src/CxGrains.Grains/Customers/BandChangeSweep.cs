using CxGrains.Grains.Background;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Customers;

/// <summary>
/// The silo's one clock for bands that move with time. An active customer whose band decay alone would change
/// (<see cref="Scoring.HealthForecast"/>) holds a slot here with that moment; every <c>BandSweepInterval</c> the
/// sweep hands the customers whose moment has passed back to their grains, each on its own scheduler, to re-score
/// and tell their segments. A million customers cost one timer and 16 bytes a slot, and only those with a change
/// ahead hold one; none is woken before its moment.
/// </summary>
/// <remarks>
/// Slots live in fixed pages that never move, so the sweep scans them while grains update their own slot
/// (a volatile write of the moment); taking and freeing a slot is under a lock. A customer that deactivates frees
/// its slot and settles on its next activation instead.
/// </remarks>
public sealed partial class BandChangeSweep : SiloBackgroundLoop
{
    /// <summary>The slot of a customer that holds none.</summary>
    public const int NoSlot = -1;

    private const int PageSize = 4096;
    private const long Never = Scoring.HealthForecast.Never;

    private readonly ILogger<BandChangeSweep> _logger;
    private readonly Lock _gate = new();
    private readonly Stack<int> _free = new();
    private Page[] _pages = [];
    private int _used;

    /// <summary>Creates the silo's sweep.</summary>
    public BandChangeSweep(IOptions<CustomerOptions> options, TimeProvider time, ILogger<BandChangeSweep> logger)
        : base(time, options.Value.BandSweepInterval) => _logger = logger;

    /// <summary>A customer grain whose band may change with time.</summary>
    public interface IWatcher
    {
        /// <summary>The grain's activation, on whose scheduler <see cref="BandChangeDue"/> runs.</summary>
        IGrainContext GrainContext { get; }

        /// <summary>The moment has passed: re-score and report. Runs on the grain's scheduler; never throws.</summary>
        void BandChangeDue();
    }

    /// <summary>
    /// Sets when <paramref name="watcher"/>'s band next changes by decay (<see cref="Never"/>: it does not), taking a
    /// slot when it needs one; call it from the grain's turn.
    /// </summary>
    public void Schedule(ref int slot, IWatcher watcher, long atTicks)
    {
        if (slot == NoSlot)
        {
            if (atTicks == Never)
            {
                return; // the common case: nothing ahead, no slot
            }

            slot = Take(watcher);
        }

        Volatile.Write(ref DueOf(slot), atTicks);
    }

    /// <summary>Whether the moment of <paramref name="slot"/> has passed at <paramref name="nowTicks"/>.</summary>
    public bool IsDue(int slot, long nowTicks) => slot != NoSlot && Volatile.Read(ref DueOf(slot)) <= nowTicks;

    /// <summary>Frees <paramref name="slot"/> (a deactivating or erased customer).</summary>
    public void Release(ref int slot)
    {
        if (slot == NoSlot)
        {
            return;
        }

        var page = Volatile.Read(ref _pages)[slot / PageSize];
        lock (_gate)
        {
            page.Watchers[slot % PageSize] = null;
            Volatile.Write(ref page.Due[slot % PageSize], Never);
            _free.Push(slot);
        }

        slot = NoSlot;
    }

    /// <inheritdoc />
    protected override int Stage => ServiceLifecycleStage.Active;

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken stopping)
    {
        Sweep(Time.GetUtcNow().UtcTicks);
        return Task.CompletedTask;
    }

    /// <summary>Hands every customer whose moment has passed to its grain; returns how many.</summary>
    public int Sweep(long nowTicks)
    {
        Page[] pages;
        int used;
        lock (_gate)
        {
            pages = _pages;
            used = _used;
        }

        var woken = 0;
        for (var slot = 0; slot < used; slot++)
        {
            var page = pages[slot / PageSize];
            ref var due = ref page.Due[slot % PageSize];
            var at = Volatile.Read(ref due);

            // Claimed before it is handed over, so the next sweep does not hand it again; a grain that re-scheduled
            // meanwhile keeps its newer moment.
            if (at > nowTicks || Interlocked.CompareExchange(ref due, Never, at) != at)
            {
                continue;
            }

            if (Volatile.Read(ref page.Watchers[slot % PageSize]) is { } watcher)
            {
                watcher.GrainContext.Scheduler.QueueAction(static w => ((IWatcher)w!).BandChangeDue(), watcher);
                woken++;
            }
        }

        if (woken > 0)
        {
            LogWoken(_logger, woken);
        }

        return woken;
    }

    /// <inheritdoc />
    protected override void LogPassFailed(Exception exception) => LogSweepFailed(_logger, exception);

    private ref long DueOf(int slot) => ref Volatile.Read(ref _pages)[slot / PageSize].Due[slot % PageSize];

    private int Take(IWatcher watcher)
    {
        lock (_gate)
        {
            if (!_free.TryPop(out var slot))
            {
                slot = _used++;
                if (slot / PageSize == _pages.Length)
                {
                    Volatile.Write(ref _pages, [.. _pages, new Page()]);
                }
            }

            _pages[slot / PageSize].Watchers[slot % PageSize] = watcher;
            return slot;
        }
    }

    private sealed class Page
    {
        public IWatcher?[] Watchers { get; } = new IWatcher?[PageSize];

        public long[] Due { get; } = CreateDue();

        private static long[] CreateDue()
        {
            var due = new long[PageSize];
            Array.Fill(due, Never);
            return due;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Band sweep woke {Count} customers whose band changes with time")]
    private static partial void LogWoken(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Band sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
