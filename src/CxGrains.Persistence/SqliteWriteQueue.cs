using Microsoft.Data.Sqlite;

namespace CxGrains.Persistence;

/// <summary>
/// Group commit for the one SQLite writer connection: writes that arrive while a transaction is
/// running are queued and then committed together in the next transaction, so a busy silo pays one
/// commit (one WAL append, one fsync with <c>FlushEveryWrite</c>) per group instead of per grain.
/// Every write still completes only once the transaction holding it has committed, with its own
/// row count, so version checks work per grain exactly as with one transaction each.
/// </summary>
/// <remarks>
/// The queue runs on a thread of its own, never on the caller's nor on a thread-pool thread: SQLite
/// calls are synchronous (and fsync under <c>FlushEveryWrite</c> or a WAL checkpoint), and neither
/// Orleans' scheduler nor the thread pool that serves gRPC and queries should wait on file I/O.
/// </remarks>
internal sealed class SqliteWriteQueue
{
    // Bounds one transaction: later writes wait for the next one rather than growing it forever.
    private const int MaxWritesPerTransaction = 1_000;

    private readonly SqliteStatements _writer;
    private readonly object _gate = new();
    private readonly Queue<SqliteWrite> _pending = new();
    private readonly Thread _thread;
    private bool _stopping;

    public SqliteWriteQueue(SqliteStatements writer)
    {
        _writer = writer;
        _thread = new Thread(Run) { IsBackground = true, Name = "CxGrains SQLite writer" };
        _thread.Start();
    }

    /// <summary>Queues a write; the task completes once it is committed.</summary>
    public Task<int> Enqueue(SqliteWrite write)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                write.Fail(new ObjectDisposedException(nameof(SqliteWriteQueue), "The SQLite store is closing."));
                return write.Done;
            }

            _pending.Enqueue(write);
            if (_pending.Count == 1)
            {
                // The writer only ever waits on an empty queue.
                Monitor.Pulse(_gate);
            }
        }

        return write.Done;
    }

    /// <summary>
    /// Refuses new writes and waits (up to <paramref name="timeout"/>) until the queued ones have
    /// committed and the writer thread has ended, before the connection closes.
    /// </summary>
    public void Stop(TimeSpan timeout)
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join(timeout);
    }

    private void Run()
    {
        var group = new List<SqliteWrite>();
        while (true)
        {
            group.Clear();
            lock (_gate)
            {
                while (_pending.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_pending.Count == 0)
                {
                    return;
                }

                while (group.Count < MaxWritesPerTransaction && _pending.TryDequeue(out var write))
                {
                    group.Add(write);
                }
            }

            CommitGroup(group);
        }
    }

    private void CommitGroup(List<SqliteWrite> group)
    {
        if (group.Count == 1)
        {
            ExecuteAlone(group[0]);
            return;
        }

        var results = new int[group.Count];
        try
        {
            using var transaction = _writer.Connection.BeginTransaction();
            SetTransaction(transaction);
            for (var i = 0; i < group.Count; i++)
            {
                results[i] = Execute(group[i]);
            }

            transaction.Commit();
        }
        catch (Exception)
        {
            // Nothing of the group is committed (the transaction rolled back on dispose). Run each
            // write on its own, so one bad write fails alone and the others still land.
            SetTransaction(null);
            foreach (var write in group)
            {
                ExecuteAlone(write);
            }

            return;
        }
        finally
        {
            SetTransaction(null);
        }

        for (var i = 0; i < group.Count; i++)
        {
            group[i].Complete(results[i]);
        }
    }

    private void ExecuteAlone(SqliteWrite write)
    {
        try
        {
            write.Complete(Execute(write));
        }
        catch (Exception ex)
        {
            write.Fail(ex);
        }
    }

    private int Execute(SqliteWrite write)
    {
        var command = write.Kind switch
        {
            SqliteWriteKind.Insert => _writer.Insert,
            SqliteWriteKind.Update => _writer.Update,
            _ => _writer.Delete,
        };
        SqliteStatements.BindKey(command, write.ServiceId, write.GrainType, write.GrainKey, write.StateName);
        if (write.Kind != SqliteWriteKind.Delete)
        {
            command.Parameters["$payload"].Value = write.Payload;
            command.Parameters["$now"].Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        }

        if (write.Kind != SqliteWriteKind.Insert)
        {
            // Delete without a version clears whatever row is there.
            command.Parameters["$version"].Value = (object?)write.ExpectedVersion ?? DBNull.Value;
        }

        return command.ExecuteNonQuery();
    }

    private void SetTransaction(SqliteTransaction? transaction)
    {
        _writer.Insert.Transaction = transaction;
        _writer.Update.Transaction = transaction;
        _writer.Delete.Transaction = transaction;
    }
}
