using CxGrains.Abstractions;

namespace CxGrains.Grains.Customers;

/// <summary>An event read back from the journal: the customer's sequence number for it, and when it was journaled.</summary>
public readonly record struct JournaledEvent(long Sequence, long JournaledAtTicks, CustomerEvent Event);
