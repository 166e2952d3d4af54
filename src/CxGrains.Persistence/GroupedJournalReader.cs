using CxGrains.Abstractions.Journal;
using Microsoft.Extensions.Options;

namespace CxGrains.Persistence;

/// <summary>
/// The silo's reads of customers' later journal entries (each activation in ack mode durable replays
/// the entries after its snapshot), grouped the way appends are: the reads asked for while one is in
/// flight go to the store together as one <see cref="IEventJournalStore.ReadCustomersAsync"/>, so a
/// burst of activations costs a few queries instead of one each, and an idle silo reads at once.
/// </summary>
/// <remarks>
/// At most <see cref="JournalOptions.MaxCustomersPerRead"/> customers go in one read; the rest wait
/// for the next. A failed read fails each of its callers with the store's exception; later reads
/// are unaffected.
/// </remarks>
public sealed class GroupedJournalReader : IJournalReader
{
    private readonly IEventJournalStore _store;
    private readonly int _maxCustomers;
    private readonly JournalMetrics? _metrics;
    private readonly Lock _gate = new();
    private readonly Queue<PendingRead> _queued = new();
    private bool _reading;

    /// <summary>Creates the reader over <paramref name="store"/>.</summary>
    public GroupedJournalReader(IEventJournalStore store, IOptions<JournalOptions> options, JournalMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _maxCustomers = options.Value.MaxCustomersPerRead;
        _metrics = metrics;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalEntry>> ReadCustomerAsync(string customerId, long afterSequence)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        var read = new PendingRead(new JournalCursor(customerId, afterSequence));
        bool start;
        lock (_gate)
        {
            _queued.Enqueue(read);
            start = !_reading;
            _reading = true;
        }

        if (start)
        {
            // Off the caller's scheduler: the reads of many grains complete from here.
            _ = Task.Run(ReadQueuedAsync);
        }

        return read.Completion.Task;
    }

    private async Task ReadQueuedAsync()
    {
        while (true)
        {
            List<PendingRead> group;
            lock (_gate)
            {
                if (_queued.Count == 0)
                {
                    _reading = false;
                    return;
                }

                group = new List<PendingRead>(Math.Min(_queued.Count, _maxCustomers));
                while (group.Count < _maxCustomers && _queued.TryDequeue(out var next))
                {
                    group.Add(next);
                }
            }

            var started = TimeProvider.System.GetTimestamp();
            try
            {
                var found = await _store.ReadCustomersAsync(group.ConvertAll(read => read.Cursor));
                _metrics?.RecordRead(group.Count, TimeProvider.System.GetElapsedTime(started));
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Completion.TrySetResult(found[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var read in group)
                {
                    read.Completion.TrySetException(ex);
                }
            }
        }
    }

    private sealed class PendingRead(JournalCursor cursor)
    {
        public JournalCursor Cursor { get; } = cursor;

        public TaskCompletionSource<IReadOnlyList<JournalEntry>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
