namespace CxGrains.Bench;

/// <summary>What the orchestrator's command line asks for: a measured run, a re-render of the docs, or the help text.</summary>
public sealed record BenchArguments
{
    /// <summary>The run to measure; null when only the docs are re-rendered or help is shown.</summary>
    public BenchOptions? Run { get; init; }

    /// <summary>An earlier results file to rewrite docs/benchmarks.md from, measuring nothing.</summary>
    public string? RenderFrom { get; init; }

    /// <summary>Print the usage and exit.</summary>
    public bool ShowHelp { get; init; }
}
