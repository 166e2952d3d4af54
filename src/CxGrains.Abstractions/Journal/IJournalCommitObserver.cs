namespace CxGrains.Abstractions.Journal;

/// <summary>
/// Told by the silo's group committer about every commit, before any append in it completes: how
/// committed events reach what is derived from them (touchpoint counts) exactly once.
/// </summary>
public interface IJournalCommitObserver
{
    /// <summary>
    /// <paramref name="entries"/> were committed in <paramref name="group"/> (entries that conflicted
    /// are not among them). Called on the committer's loop, one group at a time, in group order: keep
    /// it short and never block.
    /// </summary>
    /// <param name="group">The commit.</param>
    /// <param name="entries">The entries it wrote, possibly none.</param>
    void Committed(JournalGroup group, IReadOnlyList<JournalEntry> entries);
}
