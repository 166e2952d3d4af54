using CxGrains.Abstractions;
using CxGrains.Abstractions.Journal;
using CxGrains.Scoring;
using Orleans.Serialization;

namespace CxGrains.Grains.Customers;

/// <summary>
/// How an event is kept in the journal and what it counts for its touchpoint: a format byte, then the
/// compact layout <see cref="UnsavedEventEncoding"/> writes, and counted with the same service targets
/// live scoring uses. Entries journaled before the format byte hold the event as Orleans' serializer
/// wrote it, and still read.
/// </summary>
/// <remarks>
/// Written by hand rather than with Orleans' version-tolerant serializer: at the durable peak that took
/// 3 % of the silo's CPU (the attribute dictionary and its comparer through generic codecs) and 268 bytes
/// per event. The layout is stored, so it does not change under a format byte: a new layout takes a new one
/// (and <see cref="Read"/> keeps reading the old).
/// </remarks>
public sealed class JournalEventCodec(Serializer<CustomerEvent> serializer, ServiceTargets targets)
{
    /// <summary>
    /// The first byte of a payload in the compact layout. Orleans' serializer starts every
    /// <see cref="CustomerEvent"/> with another (a field header; the codec's tests check it).
    /// </summary>
    internal const byte CompactFormat = 0xC1;

    // Events are a few hundred bytes; a longer one (a long comment) is encoded on the heap.
    private const int StackLimit = 1024;

    /// <summary>The event's journal payload.</summary>
    public byte[] Serialize(CustomerEvent e)
    {
        var max = 1 + UnsavedEventEncoding.MaxLength(e);
        var scratch = max <= StackLimit ? stackalloc byte[StackLimit] : new byte[max];
        scratch[0] = CompactFormat;
        var length = 1 + UnsavedEventEncoding.Write(e, scratch[1..]);
        return scratch[..length].ToArray();
    }

    /// <summary>The event a journal entry holds.</summary>
    public CustomerEvent Read(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var payload = entry.Payload;
        if (payload.Length > 0 && payload[0] == CompactFormat)
        {
            return UnsavedEventEncoding.Read(payload.AsSpan(1));
        }

        return serializer.Deserialize(payload)
            ?? throw new InvalidDataException($"Journal entry {entry.Sequence} of customer '{entry.CustomerId}' holds no event.");
    }

    /// <summary>What the event counts for its touchpoint.</summary>
    public MetricCounts TouchpointCountsOf(CustomerEvent e)
    {
        var counts = default(MetricCounts);
        counts.Record(e.Interaction, targets.For(e.TouchpointId));
        return counts;
    }

    /// <summary>
    /// What an entry counts for its touchpoint: from the event an entry made in this silo carries, or
    /// from the payload of one read back from the store.
    /// </summary>
    public MetricCounts TouchpointCountsOf(JournalEntry entry) => TouchpointCountsOf(entry.Event ?? Read(entry));
}
