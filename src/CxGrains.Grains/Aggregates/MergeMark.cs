namespace CxGrains.Grains.Aggregates;

/// <summary>The last stamped send of one accumulator an aggregate applied, and when it did.</summary>
/// <param name="Number">The send's number (<see cref="Abstractions.MergeStamp.Number"/>).</param>
/// <param name="AtTicks">When it was applied, UTC ticks: marks of accumulators long silent are dropped.</param>
[GenerateSerializer, Immutable, Alias("cx.MergeMark.v1")]
public readonly record struct MergeMark(
    [property: Id(0)] long Number,
    [property: Id(1)] long AtTicks);
