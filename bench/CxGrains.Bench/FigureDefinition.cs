namespace CxGrains.Bench;

/// <summary>What a figure is: its key in the results, how it reads in the table, its target.</summary>
/// <param name="Key">Stable key, e.g. <c>applied.eventsPerSecond</c>.</param>
/// <param name="Label">The table's "figure" column.</param>
/// <param name="Unit">events/s, ms, B, /s or ×.</param>
/// <param name="IsThroughput">Reported as a ratio of the bare sink too.</param>
/// <param name="Target">The DESIGN.md §5 target, if any.</param>
public sealed record FigureDefinition(string Key, string Label, string Unit, bool IsThroughput = false, Target? Target = null);
