namespace CxGrains.Abstractions.Journal;

/// <summary>How the silo's customers read their later journal entries back (replay on activation).</summary>
public interface IJournalReader
{
    /// <summary>The customer's entries after <paramref name="afterSequence"/>, by sequence.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="afterSequence">The last sequence already known (the snapshot's), 0 for all.</param>
    Task<IReadOnlyList<JournalEntry>> ReadCustomerAsync(string customerId, long afterSequence);
}
