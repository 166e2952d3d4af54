using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using CxGrains.Abstractions.Journal;

namespace CxGrains.Persistence;

/// <summary>
/// The silo's group committer for the event journal: appends from every customer grain are queued
/// and written together, one store call per group, so the database sees one round trip and one
/// commit every few milliseconds instead of one per batch.
/// </summary>
/// <remarks>
/// <para>
/// One background loop takes everything queued (up to <see cref="JournalOptions.MaxEntriesPerCommit"/>,
/// never splitting an append), writes it with one <see cref="IEventJournalStore.AppendAsync"/> and
/// completes the callers. Appends arriving while a commit is in flight queue for the next one: that
/// is what forms groups under load, with no timer. An append completes when the commit holding it
/// has; it fails with <see cref="JournalConflictException"/> if its customer met a conflict (the store
/// then writes none of that customer's entries; the other customers of the group are unaffected), or
/// with the store's exception if the commit failed.
/// </para>
/// <para>
/// Every commit is a <see cref="JournalGroup"/>: the committer's origin (one per silo incarnation,
/// registered with the store before the first commit) and a number counting its commits. The rows
/// remember it, and the <see cref="IJournalCommitObserver"/> hears of each commit, in order, before
/// any of its appends completes.
/// </para>
/// <para>
/// Bounded: once <see cref="JournalOptions.MaxQueuedEntries"/> entries are queued, further appends
/// wait, in order, for room before they join a commit. Nothing is dropped.
/// </para>
/// </remarks>
public sealed class JournalCommitter : IEventJournal, IAsyncDisposable
{
    private static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(10);

    private readonly IEventJournalStore _store;
    private readonly JournalOptions _options;
    private readonly JournalMetrics? _metrics;
    private readonly IJournalCommitObserver? _observer;
    private bool _registered;
    private long _groups;

    // A commit whose outcome is unknown (it failed, but the database may have committed it): its
    // number, so the next commit looks for its rows first.
    private long _uncertain;
    private readonly Lock _gate = new();
    private readonly Queue<PendingAppend> _queued = new();
    private readonly Queue<PendingAppend> _waiting = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _loop;
    private int _queuedEntries;
    private TaskCompletionSource? _wake;
    private bool _stopping;

    /// <summary>Creates the committer and starts its loop.</summary>
    /// <param name="store">Where the groups are written.</param>
    /// <param name="options">Group and queue bounds; validated here.</param>
    /// <param name="origin">Names this committer in the rows it writes: unique per silo incarnation.</param>
    /// <param name="metrics">The <c>cx_journal_</c> instruments, or <see langword="null"/> for none.</param>
    /// <param name="observer">Hears of every commit, or <see langword="null"/>.</param>
    public JournalCommitter(IEventJournalStore store, JournalOptions options, string origin, JournalMetrics? metrics = null, IJournalCommitObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(origin);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        _store = store;
        _options = options;
        _metrics = metrics;
        _observer = observer;
        Origin = origin;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The writer this committer stamps its rows with.</summary>
    public string Origin { get; }

    /// <summary>The number of the last commit that succeeded, 0 before the first.</summary>
    public long LastGroup => Interlocked.Read(ref _groups);

    /// <summary>Entries admitted and waiting for a commit (not counting those waiting for room).</summary>
    public int QueuedEntries
    {
        get
        {
            lock (_gate)
            {
                return _queuedEntries;
            }
        }
    }

    /// <summary>Appends held back because the queue is full.</summary>
    public int WaitingAppends
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>
    /// Queues entries for the next group commit. Completes once they are committed; fails with
    /// <see cref="JournalConflictException"/> if any of them was already journaled, with the
    /// store's exception if the commit failed, and with <see cref="ObjectDisposedException"/> once
    /// the committer is stopping.
    /// </summary>
    /// <param name="entries">Entries of any customers; committed in one transaction, never split.</param>
    public Task AppendAsync(IReadOnlyList<JournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Checked here, on the caller's turn: a malformed entry inside a group would fail every
        // append that shares its commit.
        foreach (var entry in entries)
        {
            if (entry is null || string.IsNullOrEmpty(entry.CustomerId) || entry.Sequence < 1 || entry.Payload is null
                || entry.EventId is null || entry.TouchpointId is null)
            {
                return Task.FromException(new ArgumentException(
                    "Every journal entry needs a customer id, a sequence from 1, an event id, a touchpoint id and a payload.", nameof(entries)));
            }
        }

        var pending = new PendingAppend(entries);
        lock (_gate)
        {
            if (_stopping)
            {
                return Task.FromException(new ObjectDisposedException(nameof(JournalCommitter), "The event journal is stopping."));
            }

            // Waiting appends keep their order: nothing overtakes them while they wait for room.
            if (_waiting.Count == 0 && HasRoomFor(entries.Count))
            {
                Admit(pending);
            }
            else
            {
                _waiting.Enqueue(pending);
            }
        }

        _metrics?.Queued(entries.Count);
        return pending.Done;
    }

    /// <summary>
    /// Refuses new appends, commits what is queued and ends the loop. If that takes longer than
    /// <paramref name="timeout"/>, the commit in flight is cancelled and what is left fails.
    /// </summary>
    /// <param name="timeout">How long to let the queued appends commit.</param>
    public async Task StopAsync(TimeSpan timeout)
    {
        lock (_gate)
        {
            _stopping = true;
            WakeLoop();
        }

        try
        {
            await _loop.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await _abort.CancelAsync();
            await _loop;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(DefaultStopTimeout);
        _abort.Dispose();
    }

    private bool HasRoomFor(int entries) =>
        // An append larger than the whole bound still gets in once the queue is empty.
        _queuedEntries == 0 || _queuedEntries + entries <= _options.MaxQueuedEntries;

    private void Admit(PendingAppend pending)
    {
        _queued.Enqueue(pending);
        _queuedEntries += pending.Entries.Count;
        WakeLoop();
    }

    private void WakeLoop()
    {
        _wake?.TrySetResult();
        _wake = null;
    }

    private async Task RunAsync()
    {
        var group = new List<PendingAppend>();
        var entries = new List<JournalEntry>();
        while (true)
        {
            Task? idle = null;
            bool linger;
            lock (_gate)
            {
                if (_queued.Count == 0)
                {
                    if (_stopping)
                    {
                        // Nothing waits for room when nothing is queued: all is committed.
                        return;
                    }

                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    idle = _wake.Task;
                }

                linger = !_stopping && _options.Linger > TimeSpan.Zero && _queuedEntries < _options.MaxEntriesPerCommit;
            }

            if (idle is not null)
            {
                await idle;
                continue;
            }

            if (linger)
            {
                await Task.Delay(_options.Linger);
            }

            TakeGroup(group, entries);
            await CommitAsync(group, entries);
            group.Clear();
            entries.Clear();
        }
    }

    private void TakeGroup(List<PendingAppend> group, List<JournalEntry> entries)
    {
        lock (_gate)
        {
            while (_queued.TryPeek(out var next)
                   && (group.Count == 0 || entries.Count + next.Entries.Count <= _options.MaxEntriesPerCommit))
            {
                _queued.Dequeue();
                group.Add(next);
                entries.AddRange(next.Entries);
            }

            _queuedEntries -= entries.Count;
            while (_waiting.TryPeek(out var waiting) && HasRoomFor(waiting.Entries.Count))
            {
                Admit(_waiting.Dequeue());
            }
        }

        _metrics?.Queued(-entries.Count);
    }

    private async Task CommitAsync(List<PendingAppend> group, List<JournalEntry> entries)
    {
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<JournalConflict> conflicts;
        long number = 0;
        try
        {
            // Recovery finds a dead writer's rows through its registration: it comes first.
            if (!_registered)
            {
                await _store.RegisterOriginAsync(Origin, _abort.Token);
                _registered = true;
            }

            await SettleUncertainAsync();
            number = _groups + 1;
            conflicts = await _store.AppendAsync(entries, new JournalGroup(Origin, number), _abort.Token);
        }
        catch (Exception ex)
        {
            if (number != 0)
            {
                _uncertain = number;
            }

            _metrics?.RecordFailure(Stopwatch.GetElapsedTime(started));
            foreach (var pending in group)
            {
                pending.Fail(ex);
            }

            return;
        }

        _metrics?.RecordCommit(entries.Count, entries.Sum(entry => (long)entry.Payload.Length), conflicts.Count, Stopwatch.GetElapsedTime(started));
        var conflictsByAppend = conflicts.Count == 0 ? null : AssignConflicts(group, conflicts);
        Interlocked.Exchange(ref _groups, number);
        _observer?.Committed(new JournalGroup(Origin, number), conflictsByAppend is null ? entries : Written(group, conflictsByAppend));
        for (var i = 0; i < group.Count; i++)
        {
            if (conflictsByAppend?[i] is { } own)
            {
                group[i].Fail(new JournalConflictException(own));
            }
            else
            {
                group[i].Complete();
            }
        }
    }

    // A failed commit may still have committed (the connection broke after the database did): its
    // rows then stand, under its number, and the observer must hear of them like any commit's.
    private async Task SettleUncertainAsync()
    {
        if (_uncertain == 0)
        {
            return;
        }

        var rows = await _store.ReadUndeliveredAsync(Origin, _uncertain - 1, _abort.Token);
        if (rows.Count > 0)
        {
            Interlocked.Exchange(ref _groups, _uncertain);
            _observer?.Committed(new JournalGroup(Origin, _uncertain), rows);
        }

        _uncertain = 0;
    }

    private static List<JournalEntry> Written(List<PendingAppend> group, List<JournalConflict>?[] conflictsByAppend)
    {
        var written = new List<JournalEntry>();
        for (var i = 0; i < group.Count; i++)
        {
            if (conflictsByAppend[i] is not { } conflicted)
            {
                written.AddRange(group[i].Entries);
                continue;
            }

            // Of two equal keys in one append the later lost: skip as many of each as conflicted.
            var lost = new Dictionary<JournalConflict, int>();
            foreach (var conflict in conflicted)
            {
                lost[conflict] = lost.GetValueOrDefault(conflict) + 1;
            }

            var entries = group[i].Entries;
            var kept = new List<JournalEntry>(entries.Count);
            for (var j = entries.Count - 1; j >= 0; j--)
            {
                var key = new JournalConflict(entries[j].CustomerId, entries[j].Sequence);
                if (lost.TryGetValue(key, out var left) && left > 0)
                {
                    lost[key] = left - 1;
                }
                else
                {
                    kept.Add(entries[j]);
                }
            }

            kept.Reverse();
            written.AddRange(kept);
        }

        return written;
    }

    // Hands each conflict to the append that holds it. Of two appends holding one key, the later
    // one lost (the store writes the first), so the walk goes backwards.
    private static List<JournalConflict>?[] AssignConflicts(List<PendingAppend> group, IReadOnlyList<JournalConflict> conflicts)
    {
        var unassigned = new Dictionary<JournalConflict, int>();
        foreach (var conflict in conflicts)
        {
            unassigned[conflict] = unassigned.GetValueOrDefault(conflict) + 1;
        }

        var byAppend = new List<JournalConflict>?[group.Count];
        for (var i = group.Count - 1; i >= 0 && unassigned.Count > 0; i--)
        {
            var appended = group[i].Entries;
            for (var j = appended.Count - 1; j >= 0; j--)
            {
                var key = new JournalConflict(appended[j].CustomerId, appended[j].Sequence);
                if (unassigned.TryGetValue(key, out var left))
                {
                    (byAppend[i] ??= []).Insert(0, key);
                    if (left == 1)
                    {
                        unassigned.Remove(key);
                    }
                    else
                    {
                        unassigned[key] = left - 1;
                    }
                }
            }
        }

        return byAppend;
    }

    private sealed class PendingAppend(IReadOnlyList<JournalEntry> entries)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<JournalEntry> Entries { get; } = entries;

        public Task Done => _done.Task;

        public void Complete() => _done.TrySetResult();

        public void Fail(Exception exception) => _done.TrySetException(exception);
    }
}
