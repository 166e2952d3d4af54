using CxGrains.Abstractions;
using CxGrains.Abstractions.Journal;
using CxGrains.Scoring;
using Orleans.Serialization;

namespace CxGrains.Grains.Customers;

/// <summary>
/// How an event is kept in the journal and what it counts for its touchpoint: serialized once, with
/// Orleans' version-tolerant serializer (an entry written today still reads after the event type
/// gains fields), and counted with the same service targets live scoring uses.
/// </summary>
public sealed class JournalEventCodec(Serializer<CustomerEvent> serializer, ServiceTargets targets)
{
    /// <summary>The event's journal payload.</summary>
    public byte[] Serialize(CustomerEvent e) => serializer.SerializeToArray(e);

    /// <summary>The event a journal entry holds.</summary>
    public CustomerEvent Read(JournalEntry entry) => serializer.Deserialize(entry.Payload)
        ?? throw new InvalidDataException($"Journal entry {entry.Sequence} of customer '{entry.CustomerId}' holds no event.");

    /// <summary>What the event counts for its touchpoint.</summary>
    public MetricCounts TouchpointCountsOf(CustomerEvent e)
    {
        var counts = default(MetricCounts);
        counts.Record(e.Interaction, targets.For(e.TouchpointId));
        return counts;
    }

    /// <summary>
    /// What an entry counts for its touchpoint: carried by an entry made in this silo, recomputed from
    /// the payload for one read back from the store (which does not keep counts).
    /// </summary>
    public MetricCounts TouchpointCountsOf(JournalEntry entry) =>
        entry.Origin is null ? entry.TouchpointCounts : TouchpointCountsOf(Read(entry));
}
