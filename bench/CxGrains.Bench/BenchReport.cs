namespace CxGrains.Bench;

/// <summary>Everything one benchmark run measured: the content of bench/results/&lt;date&gt;.json.</summary>
public sealed record BenchReport
{
    /// <summary>Day of the run (UTC), yyyy-MM-dd.</summary>
    public required string Date { get; init; }

    /// <summary>full, quick or custom.</summary>
    public required string Profile { get; init; }

    /// <summary>When the run started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Wall time of the whole run, seconds.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>The machine.</summary>
    public required MachineInfo Machine { get; init; }

    /// <summary>1-minute load average at the start and the end: how busy the machine was besides the benchmark.</summary>
    public required double[] LoadAverage { get; init; }

    /// <summary>Versions.</summary>
    public required VersionInfo Versions { get; init; }

    /// <summary>Durations and sizes.</summary>
    public required BenchOptions Settings { get; init; }

    /// <summary>Free text given with <c>--note</c>.</summary>
    public string? Note { get; init; }

    /// <summary>Every figure: median, min–max, ratio to the bare sink, target.</summary>
    public required IReadOnlyList<FigureSummary> Figures { get; init; }

    /// <summary>
    /// What bounds each throughput (<see cref="CostFigures"/>): cores used by the silo and the
    /// generator, silo CPU, allocation and GC pauses per event; median and min–max of the runs.
    /// Empty in results files written before it was measured.
    /// </summary>
    public IReadOnlyList<FigureSummary> Costs { get; init; } = [];

    /// <summary>Things that make figures less trustworthy (rejects, unacknowledged batches, failed queries).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Every load generator run, warm-ups included.</summary>
    public required IReadOnlyList<LoadRunRecord> LoadRuns { get; init; }

    /// <summary>Every grain memory probe run.</summary>
    public required IReadOnlyList<GrainMemoryResult> MemoryRuns { get; init; }
}
