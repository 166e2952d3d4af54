namespace CxGrains.Abstractions.Recompute;

/// <summary>What one customer reported to a recompute run.</summary>
/// <param name="EntriesReplayed">Journal entries (and events not yet journaled) it re-applied.</param>
/// <param name="LastSequence">The last journal sequence the replay included: a later catch-up asks for what follows it.</param>
/// <param name="Contributions">Its events' counts for the touchpoint and segment windows.</param>
[GenerateSerializer, Immutable, Alias("cx.CustomerRecomputed")]
public sealed record CustomerRecomputed(
    [property: Id(0)] long EntriesReplayed,
    [property: Id(1)] long LastSequence,
    [property: Id(2)] IReadOnlyList<WindowContribution> Contributions);

/// <summary>Counts one customer's events add to one aggregate's windows.</summary>
/// <param name="Kind">Touchpoint or segment.</param>
/// <param name="Id">The touchpoint id or segment key.</param>
/// <param name="Counts">Counts per accumulator bucket, and (touchpoints) recent events with their dedupe keys.</param>
[GenerateSerializer, Immutable, Alias("cx.WindowContribution")]
public sealed record WindowContribution(
    [property: Id(0)] AggregateKind Kind,
    [property: Id(1)] string Id,
    [property: Id(2)] AggregateDelta Counts);
