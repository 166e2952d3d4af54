using CxGrains.Abstractions;
using CxGrains.Abstractions.Journal;
using CxGrains.Grains.Customers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// Ack mode durable: delivers the touchpoint counts of this silo's journal commits to the
/// touchpoints, exactly once, without the customers' acks waiting for it. Hears of each commit from
/// the group committer (<see cref="IJournalCommitObserver"/>), keeps one chain per touchpoint, and on
/// every accumulator flush sends each chain's new commits as one <see cref="TouchpointDelivery"/>
/// that continues from the last one the touchpoint applied. A failed send is resent unchanged.
/// Every second it records in the journal how far its deliveries have come, so that when this silo
/// dies a survivor (<see cref="JournalRecovery"/>) delivers the rest from the journal.
/// </summary>
public sealed partial class TouchpointDeliveries(
    IGrainFactory grains,
    JournalEventCodec codec,
    IOptions<AccumulatorOptions> options,
    TimeProvider time,
    ILogger<TouchpointDeliveries> logger,
    IEventJournalStore? store = null) : IJournalCommitObserver
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

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
    /// The last commit of this silo whose touchpoint counts have all been applied by their
    /// touchpoints: every commit up to it is delivered, later ones may not be.
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
                    if (chain.OldestUndelivered is { } oldest)
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
    /// Sends every chain's new commits (and resends failed deliveries), then, at most once a second,
    /// records in the journal how far the deliveries have come.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        List<(Chain Chain, TouchpointDelivery Delivery)>? sends = null;
        string? origin;
        lock (_gate)
        {
            origin = _origin;
            if (origin is not null)
            {
                foreach (var chain in _chains.Values)
                {
                    if (chain.Next(origin) is { } delivery)
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
    /// The silo stops, after its last commit: delivers what is left (for up to <paramref name="timeout"/>)
    /// and records it. When everything is delivered the writer is forgotten: there is nothing to recover.
    /// </summary>
    public async Task FinishAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (HasUndelivered && time.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
        {
            await FlushAsync(cancellationToken);
            if (HasUndelivered)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
            }
        }

        var origin = Origin;
        if (origin is null || store is null)
        {
            return;
        }

        if (HasUndelivered)
        {
            await RecordProgressAsync(origin, force: true, cancellationToken);
            LogLeftForRecovery(logger, origin, DeliveredThrough);
            return;
        }

        await store.ForgetOriginAsync(origin, cancellationToken);
    }

    private bool HasUndelivered
    {
        get
        {
            lock (_gate)
            {
                return _chains.Values.Any(chain => chain.OldestUndelivered is not null);
            }
        }
    }

    private async Task SendAsync(Chain chain, TouchpointDelivery delivery)
    {
        try
        {
            var applied = await grains.GetGrain<ITouchpointGrain>(chain.TouchpointId).Deliver(delivery);
            lock (_gate)
            {
                chain.Answered(delivery, applied);
            }

            if (applied < delivery.Through)
            {
                LogOutOfOrder(chain.TouchpointId, delivery.After, delivery.Through, applied);
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

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "Touchpoint {TouchpointId} had applied this silo's commits through {Applied}, not {After} as sent; the delivery through {Through} is resent from there")]
    private partial void LogOutOfOrder(string touchpointId, long after, long through, long applied);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Warning, Message = "Recording how far touchpoint deliveries came failed; retried on the next flush")]
    private partial void LogProgressFailed(Exception exception);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Warning, Message = "Stopping with touchpoint deliveries of {Origin} undelivered after commit {Through}; a surviving or restarted silo delivers them from the journal")]
    private static partial void LogLeftForRecovery(ILogger logger, string origin, long through);

    /// <summary>One touchpoint's deliveries from this silo. Guarded by the owner's lock.</summary>
    private sealed class Chain(string touchpointId)
    {
        private PendingDelta? _pending;
        private long _pendingFirst;
        private long _pendingThrough;
        private long _inFlightFirst;
        private bool _sending;

        public string TouchpointId { get; } = touchpointId;

        // The last commit the touchpoint confirmed.
        public long Applied { get; private set; }

        // Sent and not confirmed; resent unchanged until it is, so that it never straddles a commit the touchpoint has.
        public TouchpointDelivery? InFlight { get; private set; }

        public long? OldestUndelivered => InFlight is not null ? _inFlightFirst : _pending is not null ? _pendingFirst : null;

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

        public TouchpointDelivery? Next(string origin)
        {
            if (_sending)
            {
                return null;
            }

            if (InFlight is null && _pending is not null)
            {
                InFlight = new TouchpointDelivery(origin, Applied, _pendingThrough, _pending.ToDelta().Buckets);
                _inFlightFirst = _pendingFirst;
                _pending = null;
            }

            _sending = InFlight is not null;
            return InFlight;
        }

        public void Answered(TouchpointDelivery delivery, long applied)
        {
            _sending = false;
            if (applied >= delivery.Through)
            {
                Applied = applied;
                InFlight = null;
                return;
            }

            // The touchpoint has less (or other) than this chain believed: resend the same counts from
            // where it is. What it lost before is not this delivery's to restore.
            Applied = applied;
            InFlight = delivery with { After = applied };
        }

        public void Failed() => _sending = false;
    }
}
