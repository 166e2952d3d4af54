using CxGrains.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CxGrains.Client.Tests;

/// <summary>Valid interaction events with unique ids.</summary>
internal static class TestEvents
{
    public static InteractionEvent Csat(string eventId, string customerId, int score = 4) => new()
    {
        EventId = eventId,
        CustomerId = customerId,
        TouchpointId = "tp-client-test",
        Channel = Channel.Phone,
        JourneyStage = JourneyStage.PostPurchase,
        OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow.AddSeconds(-1)),
        Csat = new CsatResponse { Score = score },
    };

    public static IEnumerable<InteractionEvent> Many(string prefix, int count, int customers) =>
        Enumerable.Range(0, count).Select(i => Csat($"{prefix}-e{i}", $"{prefix}-c{i % customers}"));
}
