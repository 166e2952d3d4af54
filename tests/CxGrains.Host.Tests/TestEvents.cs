using CxGrains.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CxGrains.Host.Tests;

/// <summary>Contract events for host tests; unique ids so tests never share grains.</summary>
public static class TestEvents
{
    /// <summary>A fresh id with a readable prefix.</summary>
    public static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A valid CSAT event happening now.</summary>
    public static InteractionEvent Valid(string customerId, string touchpointId, string? eventId = null) => new()
    {
        EventId = eventId ?? UniqueId("e"),
        CustomerId = customerId,
        TouchpointId = touchpointId,
        Channel = Channel.Phone,
        JourneyStage = JourneyStage.PostPurchase,
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-5)),
        Csat = new CsatResponse { Score = 4 },
    };

    /// <summary>An event with the given payload, attributes and business time.</summary>
    public static InteractionEvent With(string customerId, string touchpointId, DateTimeOffset occurredAt,
        IReadOnlyDictionary<string, string>? attributes, Action<InteractionEvent> payload)
    {
        var e = Valid(customerId, touchpointId);
        e.OccurredAt = Timestamp.FromDateTimeOffset(occurredAt);
        foreach (var (name, value) in attributes ?? new Dictionary<string, string>())
        {
            e.Attributes.Add(name, value);
        }

        payload(e);
        return e;
    }

    /// <summary>A batch holding <paramref name="events"/>.</summary>
    public static EventBatch Batch(IEnumerable<InteractionEvent> events, string? batchId = null)
    {
        var batch = new EventBatch { BatchId = batchId ?? UniqueId("b") };
        batch.Events.AddRange(events);
        return batch;
    }
}
