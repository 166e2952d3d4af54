namespace CxGrains.Abstractions;

/// <summary>What one silo's live publisher sends to one web host in one call.</summary>
[GenerateSerializer, Immutable, Alias("cx.LiveBatch")]
public sealed record LiveBatch
{
    /// <summary>Aggregates that changed, the latest state of each.</summary>
    [Id(0)] public IReadOnlyList<LiveAggregateChange> Aggregates { get; init; } = [];

    /// <summary>Alert changes, in the order they happened.</summary>
    [Id(1)] public IReadOnlyList<AlertSnapshot> Alerts { get; init; } = [];
}
