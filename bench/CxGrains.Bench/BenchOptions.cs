namespace CxGrains.Bench;

/// <summary>How long and how big a benchmark run is.</summary>
public sealed record BenchOptions
{
    /// <summary><c>full</c>, <c>quick</c> or a custom name.</summary>
    public required string Profile { get; init; }

    /// <summary>Measured repetitions of every figure (the median is reported).</summary>
    public required int Runs { get; init; }

    /// <summary>Discarded load after each silo start (JIT, connection pools, first activations).</summary>
    public required TimeSpan Warmup { get; init; }

    /// <summary>Sending time of every measured load run.</summary>
    public required TimeSpan Measure { get; init; }

    /// <summary>Sending time of the once-per-event durable run.</summary>
    public required TimeSpan PerEventMeasure { get; init; }

    /// <summary>Distinct customers of the load generator.</summary>
    public required int Customers { get; init; }

    /// <summary>Customers the memory probe activates.</summary>
    public required int MemoryCustomers { get; init; }

    /// <summary>Push latency samples per run.</summary>
    public required int PushSamples { get; init; }

    /// <summary>Pause between two queries of one query client.</summary>
    public TimeSpan QueryInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Which parts to run.</summary>
    public BenchPhases Phases { get; init; } = BenchPhases.All;

    /// <summary>Keep PostgreSQL's fsync and synchronous commit on in durable mode.</summary>
    public bool PostgresFsync { get; init; } = true;

    /// <summary>Share of each batch sent as queue events (cx-loadgen --queue-share); 0 sends interaction events only.</summary>
    public double QueueShare { get; init; }

    /// <summary>Free text stored with the results (e.g. what else ran on the machine).</summary>
    public string? Note { get; init; }

    /// <summary>Where to write the results JSON; default bench/results/&lt;date&gt;.json.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Rewrite the "End-to-end ingest" section of docs/benchmarks.md.</summary>
    public bool UpdateDocs { get; init; } = true;

    /// <summary>Events per batch in durable mode.</summary>
    public int DurableBatch { get; init; } = 500;

    /// <summary>
    /// Batches in flight per stream in durable mode. A durable ack waits for PostgreSQL writes and
    /// one accumulator flush (about a second under load), so the peak needs thousands of events in
    /// flight: with 2 per stream the run measured its own concurrency, not the silo.
    /// </summary>
    public int DurableInFlight { get; init; } = 8;

    /// <summary>
    /// Before the applied and the durable runs, send each customer one event, in turn (cx-loadgen
    /// <c>--customers-in-turn</c>), so that every one of them is active: the targets are for warm grains, and
    /// a Zipf warm-up of seconds leaves most of a million customers cold, so the runs would measure
    /// activation instead. (Events at random, twice as many as customers, left 14 % cold in applied mode
    /// and, in durable mode, where they did not all fit in the limit, 19 %.) Capped at <see cref="ActivationPassLimit"/>.
    /// </summary>
    public bool ActivateCustomers { get; init; } = true;

    /// <summary>Longest the activation pass may take.</summary>
    public TimeSpan ActivationPassLimit { get; init; } = TimeSpan.FromMinutes(6);

    /// <summary>Writers of the one-write-per-event durable baseline (<see cref="OneWritePerEventBaseline"/>), one connection each.</summary>
    public int PerEventStreams { get; init; } = 32;

    /// <summary>Load shape of the bare-sink and applied runs (cx-loadgen defaults: 4 streams × 500 events, 8 in flight).</summary>
    public LoadGenSettings PeakLoad(long seed) => new() { Customers = Customers, Duration = Measure, Seed = seed, QueueShare = QueueShare };

    /// <summary>
    /// Load shape of the durable runs: every ack waits for PostgreSQL, so a smaller window keeps the
    /// backlog at the end of a run short enough to drain (what is never acked is not counted).
    /// </summary>
    public LoadGenSettings DurableLoad(long seed) => PeakLoad(seed) with
    {
        Batch = DurableBatch,
        InFlight = DurableInFlight,
        Drain = TimeSpan.FromSeconds(30),
    };

    /// <summary>The full run: 3 repetitions, 1,000,000 customers.</summary>
    public static BenchOptions Full { get; } = new()
    {
        Profile = "full",
        Runs = 3,
        Warmup = TimeSpan.FromSeconds(20),
        Measure = TimeSpan.FromSeconds(20),
        PerEventMeasure = TimeSpan.FromSeconds(15),
        Customers = 1_000_000,
        MemoryCustomers = 1_000_000,
        PushSamples = 20,
    };

    /// <summary>The quick run: one repetition, short runs, fewer customers.</summary>
    public static BenchOptions Quick { get; } = new()
    {
        Profile = "quick",
        Runs = 1,
        Warmup = TimeSpan.FromSeconds(5),
        Measure = TimeSpan.FromSeconds(6),
        PerEventMeasure = TimeSpan.FromSeconds(6),
        Customers = 100_000,
        MemoryCustomers = 50_000,
        PushSamples = 5,
    };
}
