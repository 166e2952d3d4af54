namespace CxGrains.Abstractions;

/// <summary>
/// A touchpoint or segment after a change: its snapshot in every window, so that each web host can
/// serve whichever windows its clients watch without calling the grain back.
/// </summary>
[GenerateSerializer, Immutable, Alias("cx.LiveAggregateChange")]
public sealed record LiveAggregateChange
{
    /// <summary>Touchpoint or segment.</summary>
    [Id(0)] public required AggregateKind Kind { get; init; }

    /// <summary>The touchpoint id or canonical segment key.</summary>
    [Id(1)] public required string Key { get; init; }

    /// <summary>One snapshot per window (1 min, 15 min, 1 h, 24 h), all taken at the same instant.</summary>
    [Id(2)] public required IReadOnlyList<AggregateSnapshot> Windows { get; init; }
}
