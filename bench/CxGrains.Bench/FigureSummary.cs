namespace CxGrains.Bench;

/// <summary>One figure of a benchmark run: median of its runs with min–max, ratio and target.</summary>
public sealed record FigureSummary
{
    /// <summary>Stable key.</summary>
    public required string Key { get; init; }

    /// <summary>Human-readable name.</summary>
    public required string Label { get; init; }

    /// <summary>Unit of <see cref="Median"/>, <see cref="Min"/> and <see cref="Max"/>.</summary>
    public required string Unit { get; init; }

    /// <summary>Every run's value.</summary>
    public required IReadOnlyList<double> Runs { get; init; }

    /// <summary>Median of <see cref="Runs"/>; null when not measured.</summary>
    public double? Median { get; init; }

    /// <summary>Smallest run.</summary>
    public double? Min { get; init; }

    /// <summary>Largest run.</summary>
    public double? Max { get; init; }

    /// <summary>Throughputs: <see cref="Median"/> over the bare sink's median of the same benchmark run.</summary>
    public double? RatioToBareSink { get; init; }

    /// <summary>The DESIGN.md §5 target, if any.</summary>
    public string? Target { get; init; }

    /// <summary>Whether the median meets <see cref="Target"/>; null without a target or a figure.</summary>
    public bool? Met { get; init; }

    /// <summary>Why there is no figure, or a caveat.</summary>
    public string? Note { get; init; }
}
