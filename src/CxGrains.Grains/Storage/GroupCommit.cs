using System.Diagnostics;

namespace CxGrains.Grains.Storage;

/// <summary>
/// Serialises a grain's storage writes and lets concurrent callers share one: every caller of
/// <see cref="CommitAsync"/> completes when a write that started after its call has finished, so a
/// busy grain writes once for many events instead of once per event.
/// </summary>
/// <remarks>
/// Runs on the grain's scheduler, which is single-threaded, so no locks are needed. The grain must
/// be reentrant for callers to overlap at all. With <paramref name="metrics"/>, each write's
/// duration, lag and failure are recorded under the label <paramref name="grain"/>.
/// </remarks>
internal sealed class GroupCommit(Func<Task> write, GrainMetrics? metrics = null, string grain = "")
{
    private TaskCompletionSource? _pending;
    private bool _running;

    // Stopwatch timestamps (0 = none) of the oldest change not yet being written, and of the
    // oldest commit request: the lag of a write runs from the first to the write's end.
    private long _changedAt;
    private long _requestedAt;

    /// <summary>True while a write is in flight or queued.</summary>
    public bool Busy => _running;

    /// <summary>Notes that the state changed, so that the write storing it can report its lag.</summary>
    public void Changed()
    {
        if (_changedAt == 0 && metrics is not null)
        {
            _changedAt = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Completes once a write that began after this call has completed (or faulted).</summary>
    public Task CommitAsync()
    {
        if (_pending is null && metrics is not null)
        {
            _requestedAt = Stopwatch.GetTimestamp();
        }

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
                var changedAt = _changedAt != 0 ? Math.Min(_changedAt, _requestedAt) : _requestedAt;
                _changedAt = 0;
                var startedAt = Stopwatch.GetTimestamp();
                try
                {
                    await write();
                    metrics?.StorageWrite(grain, startedAt, changedAt, succeeded: true);
                    group.SetResult();
                }
                catch (Exception ex)
                {
                    // The changes are still unwritten: their lag keeps running into the retry.
                    _changedAt = changedAt;
                    metrics?.StorageWrite(grain, startedAt, changedAt, succeeded: false);
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
