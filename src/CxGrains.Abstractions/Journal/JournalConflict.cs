namespace CxGrains.Abstractions.Journal;

/// <summary>
/// An entry the journal did not write because its (customer, sequence) was already taken: the sign
/// that another activation of the customer is journaling too.
/// </summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Sequence">The sequence number that was already journaled.</param>
public sealed record JournalConflict(string CustomerId, long Sequence);
