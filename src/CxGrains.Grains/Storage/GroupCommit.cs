using System.Diagnostics;

namespace CxGrains.Grains.Storage;

/// <summary>
/// Serialises a grain's storage writes and lets concurrent callers share one: every caller of
/// <see cref="CommitAsync"/> completes when a write that started after its call has finished, so a
/// busy grain writes once for many events instead of once per event.
/// </summary>
/// <remarks>
/// Runs on the grain's scheduler, which is single-threaded, so no locks are needed. The grain must
/// be reentrant for callers to overlap at all. With metrics, each write's duration, lag and
/// failure are recorded under the grain's label.
/// </remarks>
internal sealed class GroupCommit
{
    private readonly Func<object, Task> _write;
    private readonly GrainMetrics? _metrics;
    private readonly string _grain;
    private object _target;
    private TaskCompletionSource? _pending;
    private bool _running;

    // Stopwatch timestamps (0 = none) of the oldest change not yet being written, and of the
    // oldest commit request: the lag of a write runs from the first to the write's end.
    private long _changedAt;
    private long _requestedAt;

    /// <summary>Writes with <paramref name="write"/>.</summary>
    public GroupCommit(Func<Task> write, GrainMetrics? metrics = null, string grain = "")
        : this(static target => ((Func<Task>)target)(), write, metrics, grain)
    {
    }

    /// <summary>
    /// Writes with <paramref name="write"/> called on <paramref name="target"/>: a static write makes no delegate per
    /// grain, and <see cref="Retarget"/> lets a pool hand the commit to another grain (<see cref="GroupCommitPool"/>).
    /// </summary>
    public GroupCommit(Func<object, Task> write, object target, GrainMetrics? metrics = null, string grain = "")
    {
        _write = write;
        _target = target;
        _metrics = metrics;
        _grain = grain;
    }

    /// <summary>True while a write is in flight or queued.</summary>
    public bool Busy => _running;

    /// <summary>Notes that the state changed, so that the write storing it can report its lag.</summary>
    public void Changed()
    {
        if (_changedAt == 0 && _metrics is not null)
        {
            _changedAt = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Hands an idle commit to <paramref name="target"/>, as if new.</summary>
    public void Retarget(object target)
    {
        Debug.Assert(!_running && _pending is null, "A commit in use cannot change hands.");
        _target = target;
        _changedAt = 0;
        _requestedAt = 0;
    }

    /// <summary>Completes once a write that began after this call has completed (or faulted).</summary>
    public Task CommitAsync()
    {
        if (_pending is null && _metrics is not null)
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
                    await _write(_target);
                    _metrics?.StorageWrite(_grain, startedAt, changedAt, succeeded: true);
                    group.SetResult();
                }
                catch (Exception ex)
                {
                    // The changes are still unwritten: their lag keeps running into the retry.
                    _changedAt = changedAt;
                    _metrics?.StorageWrite(_grain, startedAt, changedAt, succeeded: false);
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
