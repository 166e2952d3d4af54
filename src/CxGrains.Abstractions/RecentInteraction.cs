using CxGrains.Scoring;

namespace CxGrains.Abstractions;

/// <summary>One interaction a customer grain remembers in its bounded recent list.</summary>
[GenerateSerializer, Immutable, Alias("cx.RecentInteraction")]
public sealed record RecentInteraction
{
    /// <summary>The event id.</summary>
    [Id(0)] public required string EventId { get; init; }

    /// <summary>The touchpoint.</summary>
    [Id(1)] public required string TouchpointId { get; init; }

    /// <summary>Payload kind.</summary>
    [Id(2)] public required InteractionKind Kind { get; init; }

    /// <summary>The channel.</summary>
    [Id(3)] public required InteractionChannel Channel { get; init; }

    /// <summary>Business time (UTC ticks).</summary>
    [Id(4)] public required long OccurredAtTicks { get; init; }

    /// <summary>Experience signal 0–100, NaN for purchases.</summary>
    [Id(5)] public required double Signal { get; init; }

    /// <summary>Whether it counted as a negative experience.</summary>
    [Id(6)] public required bool Negative { get; init; }
}
