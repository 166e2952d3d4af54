using CxGrains.Abstractions.Journal;

namespace CxGrains.Persistence.Tests;

/// <summary>The journal writer the store tests append as, when the writer is not what they test.</summary>
internal static class JournalTesting
{
    public const string Origin = "test-writer";

    /// <summary>Appends as commit 1 of <see cref="Origin"/>.</summary>
    public static Task<IReadOnlyList<JournalConflict>> AppendAsync(this IEventJournalStore store, IReadOnlyList<JournalEntry> entries) =>
        store.AppendAsync(entries, new JournalGroup(Origin, 1));
}
