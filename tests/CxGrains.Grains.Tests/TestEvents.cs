using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Tests;

/// <summary>Random but reproducible customer events, and unique ids so tests never share grains.</summary>
public static class TestEvents
{
    /// <summary>A fresh id with a readable prefix.</summary>
    public static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>
    /// <paramref name="count"/> events at <paramref name="touchpointId"/>, business times spread over
    /// the last 40 minutes (inside the one-hour window whatever the bucket edges).
    /// </summary>
    public static List<CustomerEvent> Random(Random random, int count, string touchpointId, DateTimeOffset now, string idPrefix = "e")
    {
        var events = new List<CustomerEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var at = now.AddSeconds(-random.Next(0, 40 * 60)).UtcTicks;
            var interaction = random.Next(6) switch
            {
                0 => Interaction.Nps(random.Next(0, 11), at),
                1 => Interaction.Csat(random.Next(1, 6), at),
                2 => Interaction.Ces(random.Next(1, 8), at),
                3 => Interaction.Contact(at, random.Next(0, 300), random.Next(30, 900), random.Next(10) < 7,
                    random.Next(10) < 8, random.Next(0, 3), random.Next(20) == 0, Math.Round(random.NextDouble() * 2 - 1, 2)),
                4 => Interaction.Purchase(random.Next(1, 500), at),
                _ => Interaction.Complaint(random.Next(1, 4), at),
            };
            events.Add(Create($"{idPrefix}-{i}", touchpointId, interaction, now));
        }

        return events;
    }

    /// <summary>One event.</summary>
    public static CustomerEvent Create(string eventId, string touchpointId, Interaction interaction, DateTimeOffset receivedAt,
        IReadOnlyDictionary<string, string>? attributes = null) => new()
        {
            EventId = eventId,
            TouchpointId = touchpointId,
            Channel = InteractionChannel.Phone,
            Stage = JourneyStage.PostPurchase,
            Interaction = interaction,
            ReceivedAtTicks = receivedAt.UtcTicks,
            Attributes = attributes ?? new Dictionary<string, string> { ["region"] = "EU", ["tier"] = "gold" },
        };
}
