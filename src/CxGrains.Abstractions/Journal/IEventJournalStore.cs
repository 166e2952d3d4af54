namespace CxGrains.Abstractions.Journal;

/// <summary>
/// The append-only journal of accepted customer events, for one service id. Every method is one
/// round trip (or a stream) to the database; grouping appends is <c>JournalCommitter</c>'s job.
/// </summary>
public interface IEventJournalStore
{
    /// <summary>
    /// Writes a group of entries (any customers) in one transaction. A customer's entries in the
    /// group are written all or none: if any of them has a (customer, sequence) already journaled,
    /// or the group holds one (customer, sequence) twice, none of that customer's entries is written
    /// and all of them come back as conflicts; the other customers' entries commit.
    /// </summary>
    /// <param name="entries">The group, in any order.</param>
    /// <param name="group">The writer and its commit number, stored with every entry.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The entries that were not written, empty when all were.</returns>
    Task<IReadOnlyList<JournalConflict>> AppendAsync(IReadOnlyList<JournalEntry> entries, JournalGroup group, CancellationToken cancellationToken = default);

    /// <summary>Records a writer before its first commit (nothing delivered yet); a no-op when it is known.</summary>
    /// <param name="origin">The writer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task RegisterOriginAsync(string origin, CancellationToken cancellationToken = default);

    /// <summary>Records that the writer's groups through <paramref name="deliveredThrough"/> have reached their touchpoints.</summary>
    /// <param name="origin">The writer.</param>
    /// <param name="deliveredThrough">Its last group whose entries are all delivered.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task SetDeliveredAsync(string origin, long deliveredThrough, CancellationToken cancellationToken = default);

    /// <summary>Every writer still recorded, with how far its deliveries came.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<JournalOrigin>> ReadOriginsAsync(CancellationToken cancellationToken = default);

    /// <summary>The entries a writer committed in groups after <paramref name="afterGroup"/>, by group (with <see cref="JournalEntry.Origin"/> and <see cref="JournalEntry.CommitGroup"/> set).</summary>
    /// <param name="origin">The writer.</param>
    /// <param name="afterGroup">Its last group already delivered.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<JournalEntry>> ReadUndeliveredAsync(string origin, long afterGroup, CancellationToken cancellationToken = default);

    /// <summary>Forgets a writer whose entries are all delivered (it stopped, or it died and was recovered).</summary>
    /// <param name="origin">The writer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task ForgetOriginAsync(string origin, CancellationToken cancellationToken = default);

    /// <summary>Reads a customer's entries after <paramref name="afterSequence"/>, by sequence.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="afterSequence">The last sequence already known (the snapshot's), 0 for all.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<JournalEntry>> ReadCustomerAsync(string customerId, long afterSequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the entries of many customers at once, as <see cref="ReadCustomerAsync"/> does for one:
    /// one round trip where the store allows, so that customers activating together cost one query.
    /// </summary>
    /// <param name="cursors">What to read; a customer may appear more than once.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Each cursor's entries, by sequence, in the order of <paramref name="cursors"/>.</returns>
    Task<IReadOnlyList<IReadOnlyList<JournalEntry>>> ReadCustomersAsync(IReadOnlyList<JournalCursor> cursors, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams every customer's entries journaled at or after <paramref name="journaledFrom"/>,
    /// ordered by customer, then sequence, without holding them all in memory.
    /// </summary>
    /// <param name="journaledFrom">The earliest journaling time to include.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    IAsyncEnumerable<JournalEntry> ReadSinceAsync(DateTimeOffset journaledFrom, CancellationToken cancellationToken = default);

    /// <summary>Deletes every entry of a customer (erasure on request).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of entries deleted.</returns>
    Task<long> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes entries journaled before <paramref name="olderThan"/> (retention). Applies to the
    /// whole journal table, every service id in the database. A partitioned store drops only days
    /// that lie entirely before the cut-off, so entries up to a day older may remain.
    /// </summary>
    /// <param name="olderThan">The cut-off.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<JournalPruneResult> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes ready the storage for entries journaled from today through <paramref name="through"/>
    /// (PostgreSQL: creates the daily partitions ahead of time). A no-op where nothing needs it.
    /// </summary>
    /// <param name="through">The last day to prepare, e.g. tomorrow.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task PrepareAsync(DateTimeOffset through, CancellationToken cancellationToken = default);
}
