using CxGrains.Abstractions;

namespace CxGrains.Grains.Customers;

/// <summary>
/// An event read back from the journal: the customer's sequence number for it, when it was journaled,
/// and the writer and commit that journaled it (null and 0 for entries from before writers were recorded).
/// </summary>
public readonly record struct JournaledEvent(long Sequence, long JournaledAtTicks, CustomerEvent Event, string? Origin = null, long CommitGroup = 0);
