namespace CxGrains.Abstractions.Recompute;

/// <summary>
/// A replayed event's touchpoint counts with the journal commit that holds it, so that a rebuilding
/// touchpoint counts it only if its writer's delivery of that commit arrived before the rebuild began
/// (later ones reach the new windows live).
/// </summary>
/// <param name="Origin">The journal writer that committed the event; null for an entry journaled before writers were recorded.</param>
/// <param name="CommitGroup">The writer's commit number.</param>
/// <param name="AtTicks">The accumulator bucket of the event's business time.</param>
/// <param name="Counts">What the event counts for the touchpoint.</param>
[GenerateSerializer, Immutable, Alias("cx.JournaledCounts")]
public readonly record struct JournaledCounts(
    [property: Id(0)] string? Origin,
    [property: Id(1)] long CommitGroup,
    [property: Id(2)] long AtTicks,
    [property: Id(3)] Scoring.MetricCounts Counts);
