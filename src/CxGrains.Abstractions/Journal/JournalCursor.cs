namespace CxGrains.Abstractions.Journal;

/// <summary>Where a reader of one customer's journal entries stands: it wants the entries after <paramref name="AfterSequence"/>.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="AfterSequence">The last sequence already known (a snapshot's), 0 for all.</param>
public readonly record struct JournalCursor(string CustomerId, long AfterSequence);
