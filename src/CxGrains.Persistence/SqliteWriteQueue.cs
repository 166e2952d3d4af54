namespace CxGrains.Persistence;

/// <summary>
/// Group commit for the one SQLite writer connection: writes that arrive while a transaction is
/// running are queued and then committed together in the next transaction, so a busy silo pays one
/// commit (one WAL append, one fsync with <c>FlushEveryWrite</c>) per group instead of per grain.
/// Every write still completes only once the transaction holding it has committed, with its own
/// result, so version checks work per grain exactly as with one transaction each. Grain-state
/// writes and event-journal appends share this queue, so they share its transactions and its
/// flush policy.
/// </summary>
/// <remarks>
/// The queue runs on a thread of its own, never on the caller's nor on a thread-pool thread: SQLite
/// calls are synchronous (and fsync under <c>FlushEveryWrite</c> or a WAL checkpoint), and neither
/// Orleans' scheduler nor the thread pool that serves gRPC and queries should wait on file I/O.
/// </remarks>
internal sealed class SqliteWriteQueue
{
    // Bounds one transaction: later writes wait for the next one rather than growing it forever.
    // A journal append counts as one write, however many entries it holds.
    private const int MaxWritesPerTransaction = 1_000;

    private readonly SqliteStatements _writer;
    private readonly object _gate = new();
    private readonly Queue<SqliteQueuedWrite> _pending = new();
    private readonly Thread _thread;
    private bool _stopping;

    public SqliteWriteQueue(SqliteStatements writer)
    {
        _writer = writer;
        _thread = new Thread(Run) { IsBackground = true, Name = "CxGrains SQLite writer" };
        _thread.Start();
    }

    /// <summary>Queues a write; the task completes once it is committed.</summary>
    public Task<T> Enqueue<T>(SqliteQueuedWrite<T> write)
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
        var group = new List<SqliteQueuedWrite>();
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

    private void CommitGroup(List<SqliteQueuedWrite> group)
    {
        try
        {
            // Even a write alone gets a transaction: a journal append is many statements that
            // must commit together; for one statement it costs what autocommit does.
            using var transaction = _writer.Connection.BeginTransaction();
            _writer.SetTransaction(transaction);
            foreach (var write in group)
            {
                write.Execute(_writer);
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            // Nothing of the group is committed (the transaction rolled back on dispose). Run each
            // write on its own, so one bad write fails alone and the others still land.
            _writer.SetTransaction(null);
            if (group.Count == 1)
            {
                group[0].Fail(ex);
                return;
            }

            foreach (var write in group)
            {
                CommitGroup([write]);
            }

            return;
        }
        finally
        {
            _writer.SetTransaction(null);
        }

        foreach (var write in group)
        {
            write.Complete();
        }
    }
}
