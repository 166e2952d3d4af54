using CxGrains.Scoring;

namespace CxGrains.Abstractions;

/// <summary>
/// One event's metric counts sent with its dedupe key, so that the receiving aggregate can apply
/// it exactly once however often it is resent (ack mode durable).
/// </summary>
/// <param name="Key">A 64-bit hash of the customer id and event id; never 0.</param>
/// <param name="AtTicks">Start of the accumulator bucket the event occurred in (UTC ticks).</param>
/// <param name="Counts">The event's counts.</param>
[GenerateSerializer, Immutable, Alias("cx.TrackedCounts")]
public readonly record struct TrackedCounts([property: Id(0)] long Key, [property: Id(1)] long AtTicks, [property: Id(2)] MetricCounts Counts);
