using CxGrains.Abstractions;

namespace CxGrains.Grains.Aggregates;

/// <summary>Identifies one aggregate grain.</summary>
public readonly record struct AggregateKey(AggregateKind Kind, string Id);
