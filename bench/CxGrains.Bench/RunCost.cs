namespace CxGrains.Bench;

/// <summary>
/// What one load run cost: the silo's CPU, allocation, GC pauses and lock contention (the
/// difference between two readings of its <c>/metrics</c> taken around the run) and the load
/// generator's CPU, per acknowledged event and per second of the run's wall time. Silo figures are
/// null when the silo's counters could not be read or it does not export the metric.
/// </summary>
public sealed record RunCost
{
    /// <summary>Seconds between the two silo readings (generator start-up and exit included).</summary>
    public required double WindowSeconds { get; init; }

    /// <summary>The run's wall time (cx-loadgen's clock, drain included): the denominator of cores and GC share.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Events acknowledged in the run: the denominator of the per-event figures.</summary>
    public required long EventsAcknowledged { get; init; }

    /// <summary>Silo CPU seconds (user + system) over the window.</summary>
    public double? SiloCpuSeconds { get; init; }

    /// <summary>Silo cores used: <see cref="SiloCpuSeconds"/> over <see cref="WallSeconds"/>.</summary>
    public double? SiloCores { get; init; }

    /// <summary>Silo CPU microseconds per acknowledged event.</summary>
    public double? SiloCpuMicrosPerEvent { get; init; }

    /// <summary>Bytes the silo allocated over the window.</summary>
    public double? AllocatedBytes { get; init; }

    /// <summary>Bytes the silo allocated per acknowledged event.</summary>
    public double? AllocatedBytesPerEvent { get; init; }

    /// <summary>Seconds the silo was paused by garbage collections over the window.</summary>
    public double? GcPauseSeconds { get; init; }

    /// <summary><see cref="GcPauseSeconds"/> as a percentage of <see cref="WallSeconds"/>.</summary>
    public double? GcPausePercent { get; init; }

    /// <summary>
    /// The longest single GC pause over the window, as the upper bound of the silo's pause histogram bucket that
    /// holds it (<see cref="SiloCounters.GcPauseBuckets"/>); null when the silo does not export it.
    /// </summary>
    public double? LongestGcPauseSeconds { get; init; }

    /// <summary>Garbage collections over the window by generation (gen0, gen1, gen2), each counted once under the oldest generation it collected.</summary>
    public IReadOnlyDictionary<string, double> GcCollections { get; init; } = new Dictionary<string, double>();

    /// <summary>Times a silo thread waited for a lock another held, over the window.</summary>
    public double? LockContentions { get; init; }

    /// <summary>Ack mode durable: the journal's group commits per second of wall time; null when none.</summary>
    public double? JournalCommitsPerSecond { get; init; }

    /// <summary>Ack mode durable: journaled payload bytes per acknowledged event (rows add their keys and times); null when none.</summary>
    public double? JournalBytesPerEvent { get; init; }

    /// <summary>The load generator's CPU time; null where <c>/proc</c> is not available.</summary>
    public GeneratorCpu? Generator { get; init; }

    /// <summary>Generator cores used: its CPU while the run's clock ran over <see cref="WallSeconds"/>.</summary>
    public double? GeneratorCores { get; init; }

    /// <summary>Generator CPU microseconds (while the run's clock ran) per acknowledged event.</summary>
    public double? GeneratorCpuMicrosPerEvent { get; init; }

    /// <summary>
    /// Cores busy on the whole machine over the window (every process, this benchmark's included;
    /// Linux only): well above silo + generator means something else took CPU from the run.
    /// </summary>
    public double? MachineBusyCores { get; init; }

    /// <summary>The cost of a run from silo readings before and after it (either may be missing) and the generator's CPU.</summary>
    /// <param name="before">Silo reading before the run; null if it could not be read.</param>
    /// <param name="after">Silo reading after the run; null if it could not be read.</param>
    /// <param name="windowSeconds">Seconds between the readings.</param>
    /// <param name="result">The generator's summary of the run.</param>
    /// <param name="generator">The generator's CPU time, if known.</param>
    /// <param name="machineBusySeconds">Busy CPU seconds of the whole machine over the window, if known.</param>
    public static RunCost Between(
        SiloCounters? before, SiloCounters? after, double windowSeconds, LoadGenResult result, GeneratorCpu? generator, double? machineBusySeconds = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var wall = result.ElapsedSeconds;
        var events = result.EventsAcknowledged;
        double? Delta(string metric) => before?.Sum(metric) is { } b && after?.Sum(metric) is { } a ? a - b : null;
        double? PerSecond(double? value) => value is { } v && wall > 0 ? v / wall : null;
        double? PerEvent(double? value) => value is { } v && events > 0 ? v / events : null;

        var cpu = Delta(SiloCounters.CpuSeconds);
        var allocated = Delta(SiloCounters.AllocatedBytes);
        var pause = Delta(SiloCounters.GcPauseSeconds);
        var commits = Delta(SiloCounters.JournalCommits) is > 0 and var c ? c : (double?)null;
        var collections = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (before is not null && after is not null)
        {
            var earlier = before.SumBy(SiloCounters.GcCollections, SiloCounters.GenerationLabel);
            foreach (var (generation, count) in after.SumBy(SiloCounters.GcCollections, SiloCounters.GenerationLabel))
            {
                collections[generation] = count - earlier.GetValueOrDefault(generation);
            }
        }

        return new RunCost
        {
            WindowSeconds = windowSeconds,
            WallSeconds = wall,
            EventsAcknowledged = events,
            SiloCpuSeconds = cpu,
            SiloCores = PerSecond(cpu),
            SiloCpuMicrosPerEvent = PerEvent(cpu * 1e6),
            AllocatedBytes = allocated,
            AllocatedBytesPerEvent = PerEvent(allocated),
            GcPauseSeconds = pause,
            GcPausePercent = PerSecond(pause * 100),
            LongestGcPauseSeconds = before is null ? null : after?.LargestObservationBound(SiloCounters.GcPauseBuckets, before),
            GcCollections = collections,
            LockContentions = Delta(SiloCounters.LockContentions),
            JournalCommitsPerSecond = PerSecond(commits),
            JournalBytesPerEvent = commits is null ? null : PerEvent(Delta(SiloCounters.JournalPayloadBytes)),
            Generator = generator,
            GeneratorCores = PerSecond(generator?.RunSeconds),
            GeneratorCpuMicrosPerEvent = PerEvent(generator?.RunSeconds * 1e6),
            MachineBusyCores = machineBusySeconds is { } busy && windowSeconds > 0 ? busy / windowSeconds : null,
        };
    }
}
