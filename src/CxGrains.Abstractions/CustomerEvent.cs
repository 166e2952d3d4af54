using CxGrains.Scoring;

namespace CxGrains.Abstractions;

/// <summary>
/// One validated interaction as a customer grain receives it. Immutable: Orleans passes it
/// between grains of one silo without copying.
/// </summary>
[GenerateSerializer, Immutable, Alias("cx.CustomerEvent")]
public sealed record CustomerEvent
{
    /// <summary>The client's event id; the dedupe key within the customer.</summary>
    [Id(0)] public required string EventId { get; init; }

    /// <summary>The touchpoint the interaction happened at.</summary>
    [Id(1)] public required string TouchpointId { get; init; }

    /// <summary>The channel.</summary>
    [Id(2)] public required InteractionChannel Channel { get; init; }

    /// <summary>The journey stage.</summary>
    [Id(3)] public required JourneyStage Stage { get; init; }

    /// <summary>The payload and business time, as the scoring core reads it.</summary>
    [Id(4)] public required Interaction Interaction { get; init; }

    /// <summary>When the cluster received the event (UTC ticks).</summary>
    [Id(5)] public required long ReceivedAtTicks { get; init; }

    /// <summary>Segment attributes sent with the event (region, tier, product...); may be empty.</summary>
    [Id(6)] public IReadOnlyDictionary<string, string> Attributes { get; init; } = EmptyAttributes;

    /// <summary>NPS reason codes, for NPS events.</summary>
    [Id(7)] public IReadOnlyList<string> ReasonCodes { get; init; } = [];

    /// <summary>NPS free-text comment, for NPS events (stored bounded).</summary>
    [Id(8)] public string? Comment { get; init; }

    private static readonly IReadOnlyDictionary<string, string> EmptyAttributes = new Dictionary<string, string>();
}
