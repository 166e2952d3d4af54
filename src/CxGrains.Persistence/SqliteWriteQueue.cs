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
/// The queue runs on a thread-pool thread, never on the caller's: SQLite calls are synchronous,
/// and Orleans scheduler threads should not block on file I/O.
/// </remarks>
internal sealed class SqliteWriteQueue(SqliteStatements writer)
{
    // Bounds one transaction: later writes wait for the next one rather than growing it forever.
    private const int MaxWritesPerTransaction = 1_000;

    private readonly Lock _gate = new();
    private readonly Queue<SqliteWrite> _pending = new();
    private bool _running;

    /// <summary>Queues a write; the task completes once it is committed.</summary>
    public Task<int> Enqueue(SqliteWrite write)
    {
        lock (_gate)
        {
            _pending.Enqueue(write);
            if (_running)
            {
                return write.Done;
            }

            _running = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static queue => queue.Drain(), this, preferLocal: false);
        return write.Done;
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) until no transaction is running, before the connection closes.</summary>
    public void WaitUntilIdle(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            lock (_gate)
            {
                if (!_running)
                {
                    return;
                }
            }

            Thread.Sleep(10);
        }
    }

    private void Drain()
    {
        var group = new List<SqliteWrite>();
        while (true)
        {
            group.Clear();
            lock (_gate)
            {
                while (group.Count < MaxWritesPerTransaction && _pending.TryDequeue(out var write))
                {
                    group.Add(write);
                }

                if (group.Count == 0)
                {
                    _running = false;
                    return;
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
            using var transaction = writer.Connection.BeginTransaction();
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
            SqliteWriteKind.Insert => writer.Insert,
            SqliteWriteKind.Update => writer.Update,
            _ => writer.Delete,
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
        writer.Insert.Transaction = transaction;
        writer.Update.Transaction = transaction;
        writer.Delete.Transaction = transaction;
    }
}
