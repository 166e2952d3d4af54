namespace CxGrains.Persistence;

/// <summary>
/// A unit of work for <see cref="SqliteWriteQueue"/>: runs on the writer thread inside the group's
/// transaction, and completes only once that transaction has committed.
/// </summary>
internal abstract class SqliteQueuedWrite
{
    /// <summary>
    /// Runs the statements on the writer connection (its transaction is already set). May run
    /// twice: again on its own when its group's transaction failed, so keep no state across runs.
    /// </summary>
    public abstract void Execute(SqliteStatements writer);

    /// <summary>Publishes the result of the last <see cref="Execute"/>, now committed.</summary>
    public abstract void Complete();

    /// <summary>Fails the write; nothing of it was committed.</summary>
    public abstract void Fail(Exception exception);
}

/// <summary>A queued write with a result of type <typeparamref name="T"/>.</summary>
internal abstract class SqliteQueuedWrite<T> : SqliteQueuedWrite
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    /// <summary>The result, once committed; faults if the write failed.</summary>
    public Task<T> Done => _done.Task;

    public sealed override void Execute(SqliteStatements writer) => _result = Run(writer);

    public sealed override void Complete()
    {
        Finished();
        _done.TrySetResult(_result!);
    }

    public sealed override void Fail(Exception exception)
    {
        Finished();
        _done.TrySetException(exception);
    }

    /// <summary>The write will not run again: what it holds for its runs can go.</summary>
    protected virtual void Finished()
    {
    }

    /// <summary>Runs the statements and returns what the caller gets once they are committed.</summary>
    protected abstract T Run(SqliteStatements writer);
}
