namespace CxGrains.Abstractions.Journal;

/// <summary>
/// One accepted customer event as kept in the event journal. The store is per service id, so the
/// entry does not repeat it.
/// </summary>
/// <param name="CustomerId">The customer the event belongs to.</param>
/// <param name="Sequence">
/// The customer's own event number, from 1 without gaps. (<paramref name="CustomerId"/>,
/// <paramref name="Sequence"/>) is unique: a second writer of the same number is a conflict.
/// </param>
/// <param name="EventId">The sender's event id, kept for replays and audits.</param>
/// <param name="TouchpointId">The touchpoint that reported the event.</param>
/// <param name="OccurredAtTicks">When the event happened, as UTC ticks (<see cref="DateTimeOffset.UtcTicks"/>).</param>
/// <param name="JournaledAtTicks">
/// When the event was journaled, as UTC ticks: retention, daily partitions and replays go by it.
/// </param>
/// <param name="Payload">The serialized event; opaque to the store and returned byte for byte.</param>
public sealed record JournalEntry(
    string CustomerId,
    long Sequence,
    string EventId,
    string TouchpointId,
    long OccurredAtTicks,
    long JournaledAtTicks,
    byte[] Payload)
{
    /// <summary>When the event was journaled.</summary>
    public DateTimeOffset JournaledAt => new(JournaledAtTicks, TimeSpan.Zero);

    /// <summary>The writer of the group that committed the entry; set by the store on reads, null before the commit (or for entries journaled before writers were recorded).</summary>
    public string? Origin { get; init; }

    /// <summary>The number of the group that committed the entry (see <see cref="JournalGroup"/>); set by the store on reads, 0 before the commit.</summary>
    public long CommitGroup { get; init; }

    /// <summary>
    /// The event the entry was made from, handed from the appender to the commit observer within the
    /// silo (which counts it for its touchpoint). Not stored: null on entries read back, whose event is
    /// in <see cref="Payload"/>. A reference rather than the counts themselves: the appending grain
    /// holds the event until the commit anyway, and an entry waiting for its commit stays small.
    /// </summary>
    public CustomerEvent? Event { get; init; }
}
