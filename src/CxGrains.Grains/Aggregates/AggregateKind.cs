namespace CxGrains.Grains.Aggregates;

/// <summary>The two kinds of hot aggregate the accumulator feeds.</summary>
public enum AggregateKind : byte
{
    /// <summary>A <see cref="Abstractions.ITouchpointGrain"/>.</summary>
    Touchpoint,

    /// <summary>A <see cref="Abstractions.ISegmentGrain"/>.</summary>
    Segment,
}

/// <summary>Identifies one aggregate grain.</summary>
public readonly record struct AggregateKey(AggregateKind Kind, string Id);
