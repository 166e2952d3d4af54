using System.Collections.Concurrent;
using System.Threading.Channels;
using CxGrains.Abstractions.Journal;

namespace CxGrains.Persistence.Tests;

/// <summary>
/// Wraps a real journal store to count its group appends and grouped reads and, when closed, hold
/// them at the door: the way to make a commit or a read be "in flight" for as long as a test needs.
/// </summary>
internal sealed class GatedJournalStore(IEventJournalStore inner) : IEventJournalStore
{
    private readonly ConcurrentQueue<IReadOnlyList<JournalEntry>> _calls = new();
    private readonly ConcurrentQueue<IReadOnlyList<JournalCursor>> _reads = new();
    private readonly Channel<bool> _entered = Channel.CreateUnbounded<bool>();
    private TaskCompletionSource _gate = Opened();

    /// <summary>The groups appended so far, in call order.</summary>
    public IReadOnlyList<IReadOnlyList<JournalEntry>> Calls => [.. _calls];

    /// <summary>The grouped reads so far, in call order.</summary>
    public IReadOnlyList<IReadOnlyList<JournalCursor>> Reads => [.. _reads];

    /// <summary>When set, the next append or grouped read throws it (once) instead of going to the store.</summary>
    public Exception? FailNext { get; set; }

    public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _gate.TrySetResult();

    /// <summary>Waits until an append or a grouped read has arrived at the store (and, if closed, is held there).</summary>
    public Task WaitForCallAsync() => _entered.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>The groups' numbers, in call order.</summary>
    public ConcurrentQueue<JournalGroup> Groups { get; } = new();

    public async Task<IReadOnlyList<JournalConflict>> AppendAsync(IReadOnlyList<JournalEntry> entries, JournalGroup group, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue([.. entries]);
        Groups.Enqueue(group);
        _entered.Writer.TryWrite(true);
        await _gate.Task.WaitAsync(cancellationToken);
        if (FailNext is { } failure)
        {
            FailNext = null;
            throw failure;
        }

        return await inner.AppendAsync(entries, group, cancellationToken);
    }

    public Task RegisterOriginAsync(string origin, CancellationToken cancellationToken = default) => inner.RegisterOriginAsync(origin, cancellationToken);

    public Task SetDeliveredAsync(string origin, long deliveredThrough, CancellationToken cancellationToken = default) =>
        inner.SetDeliveredAsync(origin, deliveredThrough, cancellationToken);

    public Task<IReadOnlyList<JournalOrigin>> ReadOriginsAsync(CancellationToken cancellationToken = default) => inner.ReadOriginsAsync(cancellationToken);

    public Task<IReadOnlyList<JournalEntry>> ReadUndeliveredAsync(string origin, long afterGroup, CancellationToken cancellationToken = default) =>
        inner.ReadUndeliveredAsync(origin, afterGroup, cancellationToken);

    public Task ForgetOriginAsync(string origin, CancellationToken cancellationToken = default) => inner.ForgetOriginAsync(origin, cancellationToken);

    public Task<IReadOnlyList<JournalEntry>> ReadCustomerAsync(string customerId, long afterSequence, CancellationToken cancellationToken = default) =>
        inner.ReadCustomerAsync(customerId, afterSequence, cancellationToken);

    public async Task<IReadOnlyList<IReadOnlyList<JournalEntry>>> ReadCustomersAsync(IReadOnlyList<JournalCursor> cursors, CancellationToken cancellationToken = default)
    {
        _reads.Enqueue([.. cursors]);
        _entered.Writer.TryWrite(true);
        await _gate.Task.WaitAsync(cancellationToken);
        if (FailNext is { } failure)
        {
            FailNext = null;
            throw failure;
        }

        return await inner.ReadCustomersAsync(cursors, cancellationToken);
    }

    public IAsyncEnumerable<JournalEntry> ReadSinceAsync(DateTimeOffset journaledFrom, CancellationToken cancellationToken = default) =>
        inner.ReadSinceAsync(journaledFrom, cancellationToken);

    public Task<long> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default) =>
        inner.EraseCustomerAsync(customerId, cancellationToken);

    public Task<JournalPruneResult> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default) =>
        inner.PruneAsync(olderThan, cancellationToken);

    public Task PrepareAsync(DateTimeOffset through, CancellationToken cancellationToken = default) =>
        inner.PrepareAsync(through, cancellationToken);

    private static TaskCompletionSource Opened()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }
}
