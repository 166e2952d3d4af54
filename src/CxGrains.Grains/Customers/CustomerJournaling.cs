using CxGrains.Abstractions;
using CxGrains.Abstractions.Journal;
using CxGrains.Grains.Storage;

namespace CxGrains.Grains.Customers;

/// <summary>
/// Ack mode durable: one customer activation's appends to the event journal. Applied events wait
/// here, numbered in the customer's own sequence, until the silo's group commit holding them has
/// committed; calls arriving meanwhile join the next append, so a busy customer appends once for
/// many calls. If another activation of the customer (brief duplicates happen around a stopping
/// silo) journaled a number first, the entries it wrote are read back and handed to the grain to
/// apply, and this activation's entries are renumbered after them: the journal stays one ordered
/// history per customer, and nothing either activation accepted is lost.
/// </summary>
/// <remarks>Runs on the grain's scheduler, like <see cref="GroupCommit"/>: no locks.</remarks>
internal sealed class CustomerJournaling
{
    // Each retry reads what the other activation wrote first; more conflicts in a row mean it keeps
    // writing, and the call fails (its client resends, and the customer's dedupe drops the repeat).
    private const int MaxCatchUps = 5;

    private readonly string _customerId;
    private readonly CustomerJournal _journal;
    private readonly Func<CustomerState> _state;
    private readonly Action<IReadOnlyList<JournaledEvent>> _catchUp;
    private readonly GroupCommit _commit;
    // Entries carry their events (JournalEntry.Event), kept for a rebuild of the state; appended as they are.
    private List<JournalEntry> _pending = [];
    private int _epoch;

    // The append in flight, and while the grain rebuilds its state (Pause), the gate appends wait at.
    private Task _appending = Task.CompletedTask;
    private TaskCompletionSource? _paused;

    public CustomerJournaling(string customerId, CustomerJournal journal, Func<CustomerState> state,
        Action<IReadOnlyList<JournaledEvent>> catchUp)
    {
        _customerId = customerId;
        _journal = journal;
        _state = state;
        _catchUp = catchUp;
        // Timed by the silo's committer (cx_journal_*), not per grain.
        _commit = new GroupCommit(AppendPendingAsync);
    }

    /// <summary>True while applied events are not yet known to be journaled.</summary>
    public bool Unjournaled => _pending.Count > 0 || _commit.Busy;

    /// <summary>Numbers an applied event and queues its entry for the next append.</summary>
    public void Add(CustomerEvent e, long nowTicks)
    {
        var state = _state();
        _pending.Add(_journal.Entry(_customerId, ++state.JournalSequence, e, nowTicks));
    }

    /// <summary>Completes once every event added before the call is journaled; faults if the append failed (the entries stay queued).</summary>
    public Task CommitAsync() => Unjournaled ? _commit.CommitAsync() : Task.CompletedTask;

    /// <summary>
    /// The customer is being erased: drops what is queued and waits for an append in flight, so
    /// that no entry of the erased customer lands after its entries were deleted.
    /// </summary>
    public async Task ForgetAsync()
    {
        _epoch++;
        _pending = [];
        if (_commit.Busy)
        {
            try
            {
                await _commit.CommitAsync();
            }
            catch (Exception)
            {
                // Whatever failed is dropped with the customer.
            }
        }
    }

    /// <summary>
    /// Holds further appends and waits for the one in flight: the grain is about to rebuild its state
    /// from the stored one and the journal, which must not change under it. Call <see cref="Resume"/> after.
    /// </summary>
    public async Task PauseAsync()
    {
        _paused ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _appending;
        }
        catch (Exception)
        {
            // A failed append left its entries queued: the rebuild renumbers them like the rest.
        }
    }

    /// <summary>Lets held appends go.</summary>
    public void Resume()
    {
        var paused = _paused;
        _paused = null;
        paused?.SetResult();
    }

    /// <summary>
    /// The grain rebuilt its state from the stored one and the journal through
    /// <paramref name="lastJournaled"/>: renumbers the entries not yet appended after it and returns
    /// their events, to be applied again on the rebuilt state. Entries whose events are among
    /// <paramref name="journaled"/> (read from the journal for the rebuild) are dropped: they are
    /// journaled already. Call while paused.
    /// </summary>
    public IReadOnlyList<CustomerEvent> Rebase(long lastJournaled, IReadOnlyList<JournaledEvent>? journaled = null)
    {
        if (journaled is { Count: > 0 })
        {
            _pending = WithoutJournaled(_pending, journaled);
        }

        var events = new CustomerEvent[_pending.Count];
        for (var i = 0; i < _pending.Count; i++)
        {
            events[i] = _pending[i].Event!;
            _pending[i] = CustomerJournal.Renumbered(_pending[i], lastJournaled + 1 + i);
        }

        return events;
    }

    private async Task AppendPendingAsync()
    {
        while (_paused is { } paused)
        {
            await paused.Task;
        }

        var appending = AppendAllAsync();
        _appending = appending;
        await appending;
    }

    private async Task AppendAllAsync()
    {
        var epoch = _epoch;
        for (var attempt = 1; _pending.Count > 0 && epoch == _epoch; attempt++)
        {
            var batch = _pending;
            _pending = [];
            try
            {
                await _journal.AppendAsync(batch);
            }
            catch (JournalConflictException) when (attempt < MaxCatchUps && epoch == _epoch)
            {
                await CatchUpAsync(batch);
            }
            catch (Exception) when (epoch == _epoch)
            {
                // Still to append, before anything newer: the next commit retries them.
                batch.AddRange(_pending);
                _pending = batch;
                throw;
            }
        }
    }

    /// <summary>
    /// Another activation journaled some of <paramref name="batch"/>'s numbers first. Reads what the
    /// journal holds from the batch's first number on, hands the other activation's events to the
    /// grain, and renumbers this activation's unwritten entries after the last one.
    /// </summary>
    private async Task CatchUpAsync(List<JournalEntry> batch)
    {
        var from = batch[0].Sequence - 1;
        var written = await _journal.ReadAfterAsync(_customerId, from);

        // The store wrote none of a conflicting batch, but an earlier attempt whose commit failed may have
        // reached the database: its entries read back as ours, and are not appended again.
        var mine = new Dictionary<long, string>(batch.Count);
        foreach (var entry in batch)
        {
            mine[entry.Sequence] = entry.EventId;
        }

        var theirs = new List<JournaledEvent>();
        var committed = new HashSet<long>();
        foreach (var w in written)
        {
            if (mine.TryGetValue(w.Sequence, out var eventId) && eventId == w.Event.EventId)
            {
                committed.Add(w.Sequence);
            }
            else
            {
                theirs.Add(w);
            }
        }

        _catchUp(theirs);
        var last = written.Count == 0 ? from : written[^1].Sequence;
        var redo = new List<JournalEntry>(batch.Count + _pending.Count);
        foreach (var entry in batch)
        {
            if (!committed.Contains(entry.Sequence))
            {
                redo.Add(entry);
            }
        }

        redo.AddRange(_pending);
        redo = WithoutJournaled(redo, theirs);
        for (var i = 0; i < redo.Count; i++)
        {
            redo[i] = CustomerJournal.Renumbered(redo[i], last + 1 + i);
        }

        _state().JournalSequence = last + redo.Count;
        _pending = redo;
    }

    // The other activation journaled some of the same events (a client's resend reached both, around a
    // stopping silo): they are in the journal once already, and their touchpoints get them from that
    // entry. Appending ours as well would count them twice there; the customer's dedupe alone does not see it.
    private static List<JournalEntry> WithoutJournaled(List<JournalEntry> pending, IReadOnlyList<JournaledEvent> journaled)
    {
        if (journaled.Count == 0 || pending.Count == 0)
        {
            return pending;
        }

        var ids = new HashSet<string>(journaled.Count, StringComparer.Ordinal);
        foreach (var j in journaled)
        {
            ids.Add(j.Event.EventId);
        }

        return pending.FindAll(p => !ids.Contains(p.EventId));
    }
}
