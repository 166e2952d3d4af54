using CxGrains.Scoring;

namespace CxGrains.Abstractions;

/// <summary>Metric counts of events that occurred within one accumulator bucket starting at <paramref name="AtTicks"/>.</summary>
[GenerateSerializer, Immutable, Alias("cx.TimedCounts")]
public readonly record struct TimedCounts([property: Id(0)] long AtTicks, [property: Id(1)] MetricCounts Counts);
