using CxGrains.Abstractions.Journal;

namespace CxGrains.Persistence;

/// <summary>
/// A customer's entries in one group are journaled all or none. When one of them meets a number another
/// activation journaled first, the rest are numbered after history this activation has not seen: written,
/// they could hold an event that activation journaled too, or leave this one's history split around
/// the other's. So the stores take back whatever else of that customer the group wrote, and report every
/// one of its entries as a conflict; the activation reads what the journal holds and appends again.
/// </summary>
internal static class CustomerConflicts
{
    /// <summary>
    /// The conflicts of a group given which entries were written: every entry of each customer with an
    /// entry that was not. Empty when all were written.
    /// </summary>
    /// <param name="entries">The group, in the order the store wrote it.</param>
    /// <param name="written">Per entry, whether the store wrote it.</param>
    /// <param name="withdrawn">The entries written for those customers, which the store must take back; empty when none.</param>
    public static IReadOnlyList<JournalConflict> Of(IReadOnlyList<JournalEntry> entries, IReadOnlyList<bool> written, out IReadOnlyList<JournalEntry> withdrawn)
    {
        HashSet<string>? conflicted = null;
        for (var i = 0; i < entries.Count; i++)
        {
            if (!written[i])
            {
                (conflicted ??= new HashSet<string>(StringComparer.Ordinal)).Add(entries[i].CustomerId);
            }
        }

        withdrawn = [];
        if (conflicted is null)
        {
            return [];
        }

        var conflicts = new List<JournalConflict>();
        var taken = new List<JournalEntry>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (conflicted.Contains(entry.CustomerId))
            {
                conflicts.Add(new JournalConflict(entry.CustomerId, entry.Sequence));
                if (written[i])
                {
                    taken.Add(entry);
                }
            }
        }

        withdrawn = taken;
        return conflicts;
    }
}
