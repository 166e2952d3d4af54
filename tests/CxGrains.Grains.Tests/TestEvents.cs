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

    /// <summary>
    /// One event of every interaction kind with every field set to something a layout can get wrong: non-ASCII
    /// ids and text, empty and filled attributes, reason codes and comments, every channel and stage in turn.
    /// </summary>
    public static List<CustomerEvent> EveryKind()
    {
        var at = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero).UtcTicks;
        Interaction[] kinds =
        [
            Interaction.Nps(9, at),
            Interaction.Csat(2, at + 1),
            Interaction.Ces(7, at + 2),
            Interaction.Contact(at + 3, waitSeconds: 42.5, handleSeconds: 310.25, resolved: true, firstContact: false, transfers: 2, abandoned: false, sentiment: -0.75),
            Interaction.Contact(at + 4, waitSeconds: 0, handleSeconds: 0, resolved: false, firstContact: true, transfers: 0, abandoned: true, sentiment: 1),
            Interaction.Purchase(-19.99, at + 5),
            Interaction.Complaint(3, at + 6),
        ];
        return [.. kinds.Select((interaction, i) => Create($"évènement-{i}-日本", $"tp-{i}", interaction, DateTimeOffset.UtcNow) with
        {
            Channel = (InteractionChannel)(1 + (i % 8)),
            Stage = (JourneyStage)(1 + (i % 3)),
            Attributes = i == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { ["region"] = $"r{i}", ["tier"] = "gold", ["ünïcode"] = "✓" },
            ReasonCodes = i % 2 == 0 ? [] : ["price", $"reason-{i}"],
            Comment = i % 3 == 0 ? null : $"comment {i} — with “quotes”",
        })];
    }
}
