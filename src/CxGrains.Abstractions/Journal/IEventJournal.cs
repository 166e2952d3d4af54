namespace CxGrains.Abstractions.Journal;

/// <summary>
/// A silo's way into the event journal: appends from many grains are committed together, and each
/// append completes once the commit holding it has.
/// </summary>
public interface IEventJournal
{
    /// <summary>
    /// Completes once <paramref name="entries"/> are committed; fails with
    /// <see cref="JournalConflictException"/> if any of them was already journaled (the others are
    /// committed), or with the store's exception if the commit failed.
    /// </summary>
    /// <param name="entries">Entries of any customers, committed in one transaction.</param>
    Task AppendAsync(IReadOnlyList<JournalEntry> entries);
}
