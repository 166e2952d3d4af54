using CxGrains.Abstractions.Journal;

namespace CxGrains.Persistence.Tests;

/// <summary>The journal writer the store tests append as, when the writer is not what they test.</summary>
internal static class JournalTesting
{
    public const string Origin = "test-writer";

    private static long _groups;

    /// <summary>Appends as the next commit of <see cref="Origin"/>: like a real writer, never two groups under one number.</summary>
    public static Task<IReadOnlyList<JournalConflict>> AppendAsync(this IEventJournalStore store, IReadOnlyList<JournalEntry> entries) =>
        store.AppendAsync(entries, new JournalGroup(Origin, Interlocked.Increment(ref _groups)));
}
