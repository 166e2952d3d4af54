using CxGrains.Abstractions;
using CxGrains.Abstractions.Journal;
using CxGrains.Grains.Customers;
using CxGrains.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// Ack mode durable: delivers the touchpoint counts of this silo's journal commits to the
/// touchpoints, exactly once, without the customers' acks waiting for it. Hears of each commit from
/// the group committer (<see cref="IJournalCommitObserver"/>), keeps one chain per touchpoint, and on
/// every accumulator flush sends each chain's new commits as one <see cref="TouchpointDelivery"/>
/// that continues from the last one the touchpoint applied. A failed send is resent unchanged.
/// Touchpoints write deliveries behind, so a chain keeps what its touchpoint applied until a receipt
/// says it is stored, and resends it if the touchpoint lost it. Every second it records in the journal
/// how far its touchpoints have stored its commits, so that when this silo dies a survivor
/// (<see cref="JournalRecovery"/>) delivers the rest from the journal.
/// </summary>
public sealed partial class TouchpointDeliveries(
    IGrainFactory grains,
    JournalEventCodec codec,
    IOptions<AccumulatorOptions> options,
    IOptions<DurabilityOptions> durability,
    TimeProvider time,
    ILogger<TouchpointDeliveries> logger,
    IEventJournalStore? store = null) : IJournalCommitObserver
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    // A chain with nothing new to send asks its touchpoint how far it is stored after this long: by
    // then the touchpoint's write-behind has written what it applied, unless that write failed.
    private readonly TimeSpan _askStoredAfter = durability.Value.AggregateWriteBehindInterval * 2;

    private readonly long _bucketTicks = options.Value.BucketWidth.Ticks;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Chain> _chains = new(StringComparer.Ordinal);
    private string? _origin;
    private long _lastGroup;
    private long _recordedThrough;
    private long _recordedAt;

    /// <summary>This silo's journal writer, once it committed.</summary>
    public string? Origin
    {
        get
        {
            lock (_gate)
            {
                return _origin;
            }
        }
    }

    /// <summary>
    /// The last commit of this silo whose touchpoint counts are all in their touchpoints' written
    /// state: every commit up to it is delivered for good, later ones may not be.
    /// </summary>
    public long DeliveredThrough
    {
        get
        {
            lock (_gate)
            {
                var through = _lastGroup;
                foreach (var chain in _chains.Values)
                {
                    if (chain.OldestUnstored is { } oldest)
                    {
                        through = Math.Min(through, oldest - 1);
                    }
                }

                return through;
            }
        }
    }

    /// <inheritdoc />
    public void Committed(JournalGroup group, IReadOnlyList<JournalEntry> entries)
    {
        lock (_gate)
        {
            _origin ??= group.Origin;
            foreach (var entry in entries)
            {
                if (!_chains.TryGetValue(entry.TouchpointId, out var chain))
                {
                    chain = new Chain(entry.TouchpointId);
                    _chains[entry.TouchpointId] = chain;
                }

                var occurredAt = entry.OccurredAtTicks;
                chain.Add(group.Number, occurredAt - (occurredAt % _bucketTicks), codec.TouchpointCountsOf(entry));
            }

            _lastGroup = group.Number;
        }
    }

    /// <summary>
    /// Sends every chain's new commits (and resends failed or lost deliveries), asks idle chains'
    /// touchpoints how far they stored, then, at most once a second, records in the journal how far
    /// the deliveries have come.
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => FlushAsync(storeNow: false, cancellationToken);

    private async Task FlushAsync(bool storeNow, CancellationToken cancellationToken)
    {
        List<(Chain Chain, TouchpointDelivery Delivery)>? sends = null;
        string? origin;
        var now = time.GetTimestamp();
        lock (_gate)
        {
            origin = _origin;
            if (origin is not null)
            {
                foreach (var chain in _chains.Values)
                {
                    var askStored = storeNow || time.GetElapsedTime(chain.LastAnswerAt, now) >= _askStoredAfter;
                    if (chain.Next(origin, storeNow, askStored) is { } delivery)
                    {
                        (sends ??= []).Add((chain, delivery));
                    }
                }
            }
        }

        if (sends is not null)
        {
            await Task.WhenAll(sends.Select(send => SendAsync(send.Chain, send.Delivery))).WaitAsync(cancellationToken);
        }

        await RecordProgressAsync(origin, force: false, cancellationToken);
    }

    /// <summary>
    /// The silo is stopping and its touchpoints are still active: has them write what they applied
    /// of its commits now, so that little is left for <see cref="FinishAsync"/>.
    /// </summary>
    public Task StoreAppliedAsync(CancellationToken cancellationToken) => FlushAsync(storeNow: true, cancellationToken);

    /// <summary>
    /// The silo stops, after its last commit: delivers what is left and has it stored (for up to
    /// <paramref name="timeout"/>), and records it. When everything is stored the writer is forgotten:
    /// there is nothing to recover.
    /// </summary>
    public async Task FinishAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (HasUnstored && time.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
        {
            await FlushAsync(storeNow: true, cancellationToken);
            if (HasUnstored)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
            }
        }

        var origin = Origin;
        if (origin is null || store is null)
        {
            return;
        }

        if (HasUnstored)
        {
            await RecordProgressAsync(origin, force: true, cancellationToken);
            LogLeftForRecovery(logger, origin, DeliveredThrough);
            return;
        }

        await store.ForgetOriginAsync(origin, cancellationToken);
    }

    /// <summary>
    /// True while some commit's counts are not known to be in their touchpoint's written state: until then a
    /// chain sends, resends or asks its touchpoint how far it stored, which activates the touchpoint if it is not.
    /// </summary>
    internal bool HasUnstored
    {
        get
        {
            lock (_gate)
            {
                return _chains.Values.Any(chain => chain.OldestUnstored is not null);
            }
        }
    }

    private async Task SendAsync(Chain chain, TouchpointDelivery delivery)
    {
        try
        {
            var receipt = await grains.GetGrain<ITouchpointGrain>(chain.TouchpointId).Deliver(delivery);
            lock (_gate)
            {
                chain.Answered(delivery, receipt, time.GetTimestamp());
            }

            if (receipt.Applied < delivery.Through)
            {
                LogOutOfOrder(chain.TouchpointId, delivery.After, delivery.Through, receipt.Applied);
            }
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                chain.Failed();
            }

            LogDeliveryFailed(chain.TouchpointId, delivery.Through, ex);
        }
    }

    private async Task RecordProgressAsync(string? origin, bool force, CancellationToken cancellationToken)
    {
        if (origin is null || store is null)
        {
            return;
        }

        var now = time.GetTimestamp();
        var through = DeliveredThrough;
        if (through <= Interlocked.Read(ref _recordedThrough)
            || (!force && time.GetElapsedTime(Interlocked.Read(ref _recordedAt), now) < ProgressInterval))
        {
            return;
        }

        try
        {
            await store.SetDeliveredAsync(origin, through, cancellationToken);
            Interlocked.Exchange(ref _recordedThrough, through);
            Interlocked.Exchange(ref _recordedAt, now);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the recovery after a crash reads it; a later pass records it again.
            LogProgressFailed(ex);
        }
    }

    [LoggerMessage(EventId = 2110, Level = LogLevel.Warning, Message = "Delivering commits through {Through} to touchpoint {TouchpointId} failed; it is resent on the next flush")]
    private partial void LogDeliveryFailed(string touchpointId, long through, Exception exception);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "Touchpoint {TouchpointId} had applied this silo's commits through {Applied}, not {After} as sent; what it lacks through {Through} is resent from there")]
    private partial void LogOutOfOrder(string touchpointId, long after, long through, long applied);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Warning, Message = "Recording how far touchpoint deliveries came failed; retried on the next flush")]
    private partial void LogProgressFailed(Exception exception);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Warning, Message = "Stopping with touchpoint deliveries of {Origin} undelivered after commit {Through}; a surviving or restarted silo delivers them from the journal")]
    private static partial void LogLeftForRecovery(ILogger logger, string origin, long through);

    /// <summary>One touchpoint's deliveries from this silo. Guarded by the owner's lock.</summary>
    /// <remarks>
    /// Deliveries are never merged once sent: the touchpoint applies each whole or not at all, and after a write
    /// conflict keeps only those that continue from its stored record, so a resend must start at a delivery's
    /// boundary for every one of them to be applied exactly once.
    /// </remarks>
    private sealed class Chain(string touchpointId)
    {
        // Commits not sent yet.
        private PendingDelta? _pending;
        private long _pendingFirst;
        private long _pendingThrough;

        // Deliveries to send, in order; the first is in flight while _sending. Resent unchanged until confirmed.
        private readonly List<Sent> _queue = [];
        private bool _sending;

        // Applied by the touchpoint and not yet in its written state, oldest first: resent if it loses them.
        private readonly List<Sent> _unstored = [];

        // The last commit the touchpoint confirmed applied.
        private long _applied;

        public string TouchpointId { get; } = touchpointId;

        /// <summary>When the touchpoint last answered (a <see cref="TimeProvider"/> timestamp).</summary>
        public long LastAnswerAt { get; private set; }

        /// <summary>The first commit not known to be in the touchpoint's written state; null when all are.</summary>
        public long? OldestUnstored =>
            _unstored.Count > 0 ? _unstored[0].First : _queue.Count > 0 ? _queue[0].First : _pending is not null ? _pendingFirst : null;

        public void Add(long group, long bucketTicks, in Scoring.MetricCounts counts)
        {
            if (_pending is null)
            {
                _pending = new PendingDelta();
                _pendingFirst = group;
            }

            _pending.Add(bucketTicks, counts);
            _pendingThrough = group;
        }

        /// <summary>
        /// What to send now: the next queued delivery, else new commits, else, when <paramref name="askStored"/> and
        /// something applied is not known stored, a delivery of nothing that asks how far it is stored.
        /// </summary>
        public TouchpointDelivery? Next(string origin, bool storeNow, bool askStored)
        {
            if (_sending)
            {
                return null;
            }

            if (_queue.Count == 0 && _pending is not null)
            {
                _queue.Add(new Sent(_pendingFirst, new TouchpointDelivery(origin, _applied, _pendingThrough, _pending.ToDelta().Buckets)));
                _pending = null;
            }

            if (_queue.Count > 0)
            {
                if (storeNow && !_queue[0].Delivery.StoreNow)
                {
                    _queue[0] = _queue[0] with { Delivery = _queue[0].Delivery with { StoreNow = true } };
                }

                _sending = true;
                return _queue[0].Delivery;
            }

            if (_unstored.Count > 0 && askStored)
            {
                _sending = true;
                return new TouchpointDelivery(origin, _applied, _applied, [], storeNow);
            }

            return null;
        }

        public void Answered(TouchpointDelivery delivery, DeliveryReceipt receipt, long answeredAt)
        {
            _sending = false;
            LastAnswerAt = answeredAt;
            if (receipt.Applied >= delivery.Through && _queue.Count > 0 && ReferenceEquals(delivery, _queue[0].Delivery))
            {
                _unstored.Add(_queue[0]);
                _queue.RemoveAt(0);
            }

            _applied = receipt.Applied;
            _unstored.RemoveAll(sent => sent.Delivery.Through <= receipt.Stored);
            if (receipt.Applied >= delivery.Through)
            {
                return;
            }

            // The touchpoint has less than this chain believed: it lost deliveries it had not written (its silo died,
            // or a write conflict dropped them), or never had them. Resend, one by one from where it is, the applied
            // ones this chain still holds after that point, then the queued ones. What it lost before that point was
            // reported stored, so it is not this chain's to restore.
            var lost = _unstored.FindIndex(sent => sent.Delivery.Through > receipt.Applied);
            var resend = lost < 0 ? [] : _unstored.GetRange(lost, _unstored.Count - lost);
            if (lost >= 0)
            {
                _unstored.RemoveRange(lost, _unstored.Count - lost);
            }

            resend.AddRange(_queue);
            _queue.Clear();
            var after = receipt.Applied;
            foreach (var sent in resend)
            {
                _queue.Add(sent with { Delivery = sent.Delivery with { After = after } });
                after = sent.Delivery.Through;
            }
        }

        public void Failed() => _sending = false;

        /// <summary>A delivery of commits <paramref name="First"/> to its <see cref="TouchpointDelivery.Through"/>.</summary>
        private sealed record Sent(long First, TouchpointDelivery Delivery);
    }
}
