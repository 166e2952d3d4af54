namespace CxGrains.Abstractions.Journal;

/// <summary>
/// An append was refused, wholly or in part, because some of its (customer, sequence) numbers were
/// already journaled: another activation of the customer is writing. The entries that did not
/// conflict were committed.
/// </summary>
public sealed class JournalConflictException : Exception
{
    /// <summary>Creates the exception for the conflicting entries of one append.</summary>
    /// <param name="conflicts">At least one conflict.</param>
    public JournalConflictException(IReadOnlyList<JournalConflict> conflicts)
        : base(Describe(conflicts))
    {
        Conflicts = conflicts;
        CustomerId = conflicts[0].CustomerId;
        Sequence = conflicts[0].Sequence;
    }

    /// <summary>The customer of the first conflicting entry.</summary>
    public string CustomerId { get; }

    /// <summary>The sequence number of the first conflicting entry.</summary>
    public long Sequence { get; }

    /// <summary>Every entry of the append that was not written.</summary>
    public IReadOnlyList<JournalConflict> Conflicts { get; }

    private static string Describe(IReadOnlyList<JournalConflict> conflicts)
    {
        ArgumentNullException.ThrowIfNull(conflicts);
        if (conflicts.Count == 0)
        {
            throw new ArgumentException("A journal conflict needs at least one conflicting entry.", nameof(conflicts));
        }

        var first = conflicts[0];
        var more = conflicts.Count > 1 ? $" (and {conflicts.Count - 1} more)" : string.Empty;
        return $"Customer '{first.CustomerId}' already has journal entry {first.Sequence}{more}: another activation is journaling for it.";
    }
}
