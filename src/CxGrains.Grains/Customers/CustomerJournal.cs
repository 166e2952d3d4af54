using CxGrains.Abstractions;
using CxGrains.Abstractions.Journal;

namespace CxGrains.Grains.Customers;

/// <summary>
/// Ack mode durable: the silo's customers' way into the event journal. Turns an applied event into
/// its journal entry (<see cref="JournalEventCodec"/>; the entry carries the event itself to the
/// silo's <see cref="Aggregates.TouchpointDeliveries"/>, which counts it for its touchpoint), appends
/// entries through the silo's group committer, and reads a customer's later entries back for replay
/// through the silo's grouped reader (customers activating together share one query).
/// </summary>
public sealed class CustomerJournal(IEventJournal journal, IEventJournalStore store, IJournalReader reader, JournalEventCodec codec)
{
    /// <summary>The journal entry of <paramref name="e"/>, the customer's event number <paramref name="sequence"/>.</summary>
    public JournalEntry Entry(string customerId, long sequence, CustomerEvent e, long nowTicks) =>
        new(customerId, sequence, e.EventId, e.TouchpointId, e.Interaction.OccurredAtTicks, nowTicks, codec.Serialize(e))
        {
            Event = e,
        };

    /// <summary>The same entry under another sequence number (after another activation took its number).</summary>
    public static JournalEntry Renumbered(JournalEntry entry, long sequence) => entry with { Sequence = sequence };

    /// <summary>Completes once the group commit holding <paramref name="entries"/> has committed.</summary>
    public Task AppendAsync(IReadOnlyList<JournalEntry> entries) => journal.AppendAsync(entries);

    /// <summary>The customer's entries after <paramref name="afterSequence"/>, oldest first, with their events.</summary>
    public async Task<IReadOnlyList<JournaledEvent>> ReadAfterAsync(string customerId, long afterSequence)
    {
        var entries = await reader.ReadCustomerAsync(customerId, afterSequence);
        var events = new JournaledEvent[entries.Count];
        for (var i = 0; i < events.Length; i++)
        {
            var entry = entries[i];
            events[i] = new JournaledEvent(entry.Sequence, entry.JournaledAtTicks, codec.Read(entry), entry.Origin, entry.CommitGroup);
        }

        return events;
    }

    /// <summary>Deletes every entry of the customer.</summary>
    public Task<long> EraseAsync(string customerId) => store.EraseCustomerAsync(customerId, CancellationToken.None);
}
