namespace CxGrains.Bench;

/// <summary>
/// What bounds each throughput: per measured load run (bare, applied and durable peak, half peak)
/// the cores the silo and the generator used and the silo's CPU, allocation
/// and GC pauses per event. Keys are <c>cost.&lt;phase&gt;.&lt;kind&gt;.&lt;measure&gt;</c>.
/// </summary>
public static class CostFigures
{
    /// <summary>Silo cores used (CPU seconds over wall seconds).</summary>
    public const string SiloCores = "siloCores";

    /// <summary>Generator cores used while the run's clock ran.</summary>
    public const string GeneratorCores = "generatorCores";

    /// <summary>Cores busy on the whole machine (every process) over the run.</summary>
    public const string MachineBusyCores = "machineBusyCores";

    /// <summary>Silo CPU µs per acknowledged event.</summary>
    public const string SiloCpuPerEvent = "siloCpuMicrosPerEvent";

    /// <summary>Generator CPU µs per acknowledged event.</summary>
    public const string GeneratorCpuPerEvent = "generatorCpuMicrosPerEvent";

    /// <summary>Silo bytes allocated per acknowledged event.</summary>
    public const string AllocatedPerEvent = "allocatedBytesPerEvent";

    /// <summary>Silo GC pauses as a percentage of wall time.</summary>
    public const string GcPausePercent = "gcPausePercent";

    /// <summary>The silo's longest GC pause in the run: the upper bound of its histogram bucket, ms.</summary>
    public const string LongestGcPause = "longestGcPauseMs";

    /// <summary>Silo collections of generation 0, 1 and 2 in the run.</summary>
    public static readonly IReadOnlyList<string> Generations = ["gen0", "gen1", "gen2"];

    private static readonly (string Measure, string Label, string Unit, Func<RunCost, double?> Value)[] Measures =
    [
        (SiloCores, "silo cores used", "cores", c => c.SiloCores),
        (GeneratorCores, "load generator cores used", "cores", c => c.GeneratorCores),
        (MachineBusyCores, "machine cores busy (every process)", "cores", c => c.MachineBusyCores),
        (SiloCpuPerEvent, "silo CPU per event", "µs", c => c.SiloCpuMicrosPerEvent),
        (GeneratorCpuPerEvent, "load generator CPU per event", "µs", c => c.GeneratorCpuMicrosPerEvent),
        (AllocatedPerEvent, "silo bytes allocated per event", "B", c => c.AllocatedBytesPerEvent),
        (GcPausePercent, "silo GC pauses, share of wall time", "%", c => c.GcPausePercent),
        (LongestGcPause, "silo longest GC pause, at most (histogram bucket)", "ms", c => c.LongestGcPauseSeconds * 1000),
        .. Generations.Select(g => (Gc(g), $"silo {g} collections", "GCs", (Func<RunCost, double?>)(c => c.GcCollections.TryGetValue(g, out var n) ? n : null))),
    ];

    /// <summary>The measured runs, in table order, with the throughput figure each belongs to.</summary>
    public static IReadOnlyList<(string Phase, string Kind, string Label, FigureDefinition Throughput)> Runs { get; } =
    [
        ("bare", "peak", "Bare sink at peak", Figures.BareThroughput),
        ("applied", "peak", "Applied at peak", Figures.AppliedThroughput),
        ("applied", "half", "Applied at 50 % of peak", Figures.AppliedHalfThroughput),
        ("durable", "peak", "Durable at peak", Figures.DurableThroughput),
        ("durable", "half", "Durable at 50 % of peak", Figures.DurableHalfThroughput),
    ];

    /// <summary>Every cost figure, in table order.</summary>
    public static IReadOnlyList<FigureDefinition> All { get; } =
        [.. Runs.SelectMany(run => Measures.Select(m => Definition(run.Phase, run.Kind, run.Label, m.Measure, m.Label, m.Unit)))];

    private static readonly Dictionary<string, FigureDefinition> ByKey = All.ToDictionary(f => f.Key);

    /// <summary>The key of <paramref name="measure"/> for the runs of <paramref name="phase"/> / <paramref name="kind"/>.</summary>
    public static string Key(string phase, string kind, string measure) => $"cost.{phase}.{kind}.{measure}";

    /// <summary>The measure name of a generation's collection count.</summary>
    public static string Gc(string generation) => $"gc{char.ToUpperInvariant(generation[0])}{generation[1..]}";

    /// <summary>Records <paramref name="cost"/>'s figures if the run is one of <see cref="Runs"/>.</summary>
    public static void Add(FigureSet figures, string phase, string kind, RunCost cost)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(cost);
        if (!Runs.Any(r => r.Phase == phase && r.Kind == kind))
        {
            return;
        }

        foreach (var (measure, _, _, value) in Measures)
        {
            if (value(cost) is { } v)
            {
                figures.Add(ByKey[Key(phase, kind, measure)], v);
            }
        }
    }

    private static FigureDefinition Definition(string phase, string kind, string runLabel, string measure, string label, string unit) =>
        new(Key(phase, kind, measure), $"{runLabel}: {label}", unit);
}
