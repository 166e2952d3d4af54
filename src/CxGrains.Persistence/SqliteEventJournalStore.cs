using System.Runtime.CompilerServices;
using CxGrains.Abstractions.Journal;
using Microsoft.Data.Sqlite;

namespace CxGrains.Persistence;

/// <summary>
/// The event journal in the embedded SQLite store: table <c>cx_event_journal</c> in the grain
/// storage's own file, scoped by its service id.
/// </summary>
/// <remarks>
/// Appends, erasures and pruning go through the storage's one writer connection
/// (<see cref="SqliteWriteQueue"/>), so journal rows and grain-state writes share its group
/// transactions and its flush policy (<see cref="SqliteStorageOptions.FlushEveryWrite"/>), and never
/// wait on each other for the file lock. Reads use the storage's read connections.
/// </remarks>
public sealed class SqliteEventJournalStore : IEventJournalStore
{
    /// <summary>Rows one pruning transaction deletes at most: grain writes queue behind each chunk only briefly.</summary>
    internal const int PruneChunkRows = 5_000;

    private readonly SqliteGrainStorage _storage;

    /// <summary>Creates the journal over <paramref name="storage"/>'s file and writer.</summary>
    /// <param name="storage">The SQLite grain storage whose database and writer the journal shares.</param>
    public SqliteEventJournalStore(SqliteGrainStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalConflict>> AppendAsync(IReadOnlyList<JournalEntry> entries, JournalGroup group, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentException.ThrowIfNullOrEmpty(group.Origin);
        return entries.Count == 0
            ? Task.FromResult<IReadOnlyList<JournalConflict>>([])
            : _storage.Writes.Enqueue(new SqliteJournalAppend(_storage.ServiceId, entries, group));
    }

    /// <inheritdoc />
    public Task RegisterOriginAsync(string origin, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(origin);
        return _storage.Writes.Enqueue(SqliteJournalOriginWrite.Register(_storage.ServiceId, origin, DateTime.UtcNow.Ticks));
    }

    /// <inheritdoc />
    public Task SetDeliveredAsync(string origin, long deliveredThrough, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(origin);
        return _storage.Writes.Enqueue(SqliteJournalOriginWrite.Delivered(_storage.ServiceId, origin, deliveredThrough));
    }

    /// <inheritdoc />
    public Task ForgetOriginAsync(string origin, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(origin);
        return _storage.Writes.Enqueue(SqliteJournalOriginWrite.Forget(_storage.ServiceId, origin));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JournalOrigin>> ReadOriginsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = _storage.OpenReader();
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteJournalSql.ReadOrigins;
        command.Parameters.AddWithValue("$service", _storage.ServiceId);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        var origins = new List<JournalOrigin>();
        while (await rows.ReadAsync(cancellationToken))
        {
            origins.Add(new JournalOrigin(rows.GetString(0), rows.GetInt64(1)));
        }

        return origins;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JournalEntry>> ReadUndeliveredAsync(string origin, long afterGroup, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(origin);
        await using var connection = _storage.OpenReader();
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteJournalSql.ReadUndelivered;
        command.Parameters.AddWithValue("$service", _storage.ServiceId);
        command.Parameters.AddWithValue("$origin", origin);
        command.Parameters.AddWithValue("$after", afterGroup);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<JournalEntry>();
        while (await rows.ReadAsync(cancellationToken))
        {
            entries.Add(ReadEntry(rows));
        }

        return entries;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalEntry>> ReadCustomerAsync(string customerId, long afterSequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        return Task.FromResult(ReadCustomers([new JournalCursor(customerId, afterSequence)])[0]);
    }

    /// <inheritdoc />
    /// <remarks>An embedded store has no round trip to save: one pooled reader answers the cursors one by one.</remarks>
    public Task<IReadOnlyList<IReadOnlyList<JournalEntry>>> ReadCustomersAsync(IReadOnlyList<JournalCursor> cursors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cursors);
        return Task.FromResult<IReadOnlyList<IReadOnlyList<JournalEntry>>>(ReadCustomers(cursors));
    }

    private IReadOnlyList<JournalEntry>[] ReadCustomers(IReadOnlyList<JournalCursor> cursors)
    {
        _ = _storage.Writes;
        var found = new IReadOnlyList<JournalEntry>[cursors.Count];
        var reader = _storage.RentReader();
        try
        {
            var command = reader.JournalReadCustomer;
            command.Parameters["$service"].Value = _storage.ServiceId;
            for (var i = 0; i < cursors.Count; i++)
            {
                command.Parameters["$customer"].Value = cursors[i].CustomerId ?? throw new ArgumentException("A cursor names no customer.", nameof(cursors));
                command.Parameters["$after"].Value = cursors[i].AfterSequence;
                using var rows = command.ExecuteReader();
                var entries = new List<JournalEntry>();
                while (rows.Read())
                {
                    entries.Add(ReadEntry(rows));
                }

                found[i] = entries;
            }

            return found;
        }
        finally
        {
            _storage.ReturnReader(reader);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Runs on a connection of its own for as long as the stream is read. In WAL mode a long read
    /// keeps the writer's checkpoints from recycling the log, so the WAL file grows until it ends.
    /// </remarks>
    public async IAsyncEnumerable<JournalEntry> ReadSinceAsync(
        DateTimeOffset journaledFrom, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = _storage.OpenReader();
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteJournalSql.ReadSince;
        command.Parameters.AddWithValue("$service", _storage.ServiceId);
        command.Parameters.AddWithValue("$from", journaledFrom.UtcTicks);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            yield return ReadEntry(rows);
        }
    }

    /// <inheritdoc />
    public Task<long> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        return _storage.Writes.Enqueue(SqliteJournalDelete.Customer(_storage.ServiceId, customerId));
    }

    /// <inheritdoc />
    /// <remarks>Deletes in chunks of <see cref="PruneChunkRows"/> rows, each its own queued write.</remarks>
    public async Task<JournalPruneResult> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        long total = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var deleted = await _storage.Writes.Enqueue(SqliteJournalDelete.OlderThan(olderThan.UtcTicks, PruneChunkRows));
            total += deleted;
            if (deleted < PruneChunkRows)
            {
                return new JournalPruneResult(0, total);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>SQLite needs no preparation: the table is created with the grain-state table.</remarks>
    public Task PrepareAsync(DateTimeOffset through, CancellationToken cancellationToken = default) => Task.CompletedTask;

    private static JournalEntry ReadEntry(SqliteDataReader row) => new(
        row.GetString(0),
        row.GetInt64(1),
        row.GetString(2),
        row.GetString(3),
        row.GetInt64(4),
        row.GetInt64(5),
        row.GetFieldValue<byte[]>(6))
    {
        Origin = row.IsDBNull(7) ? null : row.GetString(7),
        CommitGroup = row.IsDBNull(8) ? 0 : row.GetInt64(8),
    };
}
