namespace CxGrains.Grains.Storage;

/// <summary>
/// Serialises a grain's storage writes and lets concurrent callers share one: every caller of
/// <see cref="CommitAsync"/> completes when a write that started after its call has finished, so a
/// busy grain writes once for many events instead of once per event.
/// </summary>
/// <remarks>
/// Runs on the grain's scheduler, which is single-threaded, so no locks are needed. The grain must
/// be reentrant for callers to overlap at all.
/// </remarks>
internal sealed class GroupCommit(Func<Task> write)
{
    private TaskCompletionSource? _pending;
    private bool _running;

    /// <summary>True while a write is in flight or queued.</summary>
    public bool Busy => _running;

    /// <summary>Completes once a write that began after this call has completed (or faulted).</summary>
    public Task CommitAsync()
    {
        _pending ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = _pending.Task;
        if (!_running)
        {
            _ = RunAsync();
        }

        return task;
    }

    private async Task RunAsync()
    {
        _running = true;
        try
        {
            // Callers that arrive while a write is in flight create the next _pending and are
            // served by the following iteration: one write per group, never two at once.
            while (_pending is { } group)
            {
                _pending = null;
                try
                {
                    await write();
                    group.SetResult();
                }
                catch (Exception ex)
                {
                    group.SetException(ex);
                }
            }
        }
        finally
        {
            _running = false;
        }
    }
}
