using System.Text;
using CxGrains.Abstractions.Journal;

namespace CxGrains.Persistence.Tests;

/// <summary>Journal entries for tests, with payloads that say whose they are.</summary>
internal static class JournalEntries
{
    public static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public static JournalEntry Entry(string customer, long sequence, DateTimeOffset? journaledAt = null, int payloadBytes = 0)
    {
        var at = journaledAt ?? Now;
        return new JournalEntry(
            customer,
            sequence,
            $"evt-{customer}-{sequence}",
            "tp-1",
            at.UtcTicks - TimeSpan.TicksPerSecond,
            at.UtcTicks,
            Payload(customer, sequence, payloadBytes));
    }

    /// <summary>Every byte value, so a store that mangles binary data is caught; padded to a size if asked.</summary>
    public static byte[] Payload(string customer, long sequence, int size = 0)
    {
        var text = Encoding.UTF8.GetBytes($"{customer}#{sequence}:");
        var payload = new byte[Math.Max(size, text.Length + 256)];
        text.CopyTo(payload, 0);
        for (var i = text.Length; i < payload.Length; i++)
        {
            payload[i] = (byte)(i - text.Length);
        }

        return payload;
    }

    public static void AssertSame(JournalEntry expected, JournalEntry actual)
    {
        Assert.Equal(expected.CustomerId, actual.CustomerId);
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.EventId, actual.EventId);
        Assert.Equal(expected.TouchpointId, actual.TouchpointId);
        Assert.Equal(expected.OccurredAtTicks, actual.OccurredAtTicks);
        Assert.Equal(expected.JournaledAtTicks, actual.JournaledAtTicks);
        Assert.Equal(expected.Payload, actual.Payload);
    }
}
