namespace CxGrains.Abstractions.Journal;

/// <summary>What one <see cref="IEventJournalStore.PruneAsync"/> removed.</summary>
/// <param name="PartitionsDropped">Daily partitions dropped whole (PostgreSQL); 0 for stores without partitions.</param>
/// <param name="RowsDeleted">Entries removed, counting those in the dropped partitions.</param>
public sealed record JournalPruneResult(int PartitionsDropped, long RowsDeleted);
