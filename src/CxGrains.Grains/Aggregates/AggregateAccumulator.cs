using System.Diagnostics;
using CxGrains.Abstractions;
using CxGrains.Scoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// Per-silo pre-aggregation. Customer grains record each event's counts here instead of calling
/// touchpoint and segment grains; <see cref="FlushAsync"/> (run by <see cref="AccumulatorFlusher"/>
/// a few times a second) sends one delta per aggregate. A touchpoint seeing 10,000 events a second
/// thus gets a handful of calls per silo per second.
/// </summary>
public sealed partial class AggregateAccumulator : IDisposable
{
    // Striped locks: customer grains run on every scheduler thread at once, and one global lock
    // would serialise them.
    private const int StripeCount = 16;

    private readonly Stripe[] _stripes = [.. Enumerable.Range(0, StripeCount).Select(_ => new Stripe())];
    private readonly IGrainFactory _grains;
    private readonly ILogger<AggregateAccumulator> _logger;
    private readonly GrainMetrics? _metrics;
    private readonly long _bucketTicks;
    private readonly SegmentHandOffs _handOffs;

    /// <summary>Creates the accumulator of this silo.</summary>
    public AggregateAccumulator(IGrainFactory grains, IOptions<AccumulatorOptions> options, ILogger<AggregateAccumulator> logger, GrainMetrics? metrics = null, ISiloStatusOracle? silos = null)
    {
        _grains = grains;
        _logger = logger;
        _metrics = metrics;
        _bucketTicks = options.Value.BucketWidth.Ticks;
        _handOffs = new SegmentHandOffs(grains, silos, logger);
    }

    /// <summary>Deltas sent since start.</summary>
    public long DeltasSent => Interlocked.Read(ref _deltasSent);

    /// <summary>Flushes that failed and were kept for retry.</summary>
    public long FailedDeltas => Interlocked.Read(ref _failedDeltas);

    /// <summary>Calls that handed sleeping customers over to segments, and the customers they carried.</summary>
    public (long Calls, long Customers) HandOffs => (_handOffs.Calls, _handOffs.Customers);

    private long _deltasSent;
    private long _failedDeltas;

    // Names this accumulator's sends to touchpoints (MergeStamp): one per silo incarnation.
    private readonly string _origin = Guid.NewGuid().ToString("N");

    // Per touchpoint, its sends' numbers and the one in doubt; used by one flush at a time only.
    private readonly Dictionary<AggregateKey, TouchpointSends> _touchpointSends = [];
    private readonly SemaphoreSlim _flushing = new(1, 1);

    /// <summary>Records one event's counts for an aggregate, in the bucket of its business time.</summary>
    public void Record(AggregateKey key, long occurredAtTicks, in MetricCounts counts)
    {
        var bucket = occurredAtTicks - (occurredAtTicks % _bucketTicks);
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            stripe.Pending(key).Add(bucket, counts);
            stripe.Touch();
        }
    }

    /// <summary>Records a customer's move between bands (either side may be null) and its at-risk state in a segment.</summary>
    public void RecordBand(string segmentKey, string customerId, HealthBand? from, HealthBand? to, AtRiskEntry? atRisk)
    {
        var key = new AggregateKey(AggregateKind.Segment, segmentKey);
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            stripe.Touch();
            var pending = stripe.Pending(key);
            if (from != to)
            {
                if (from is { } f)
                {
                    pending.AddBand(f, -1);
                }

                if (to is { } t)
                {
                    pending.AddBand(t, +1);
                }
            }

            // Healthy customers that never were at risk need no entry, not even a removal.
            if (atRisk is not null || from is HealthBand.AtRisk or HealthBand.Critical)
            {
                pending.SetAtRisk(customerId, atRisk);
            }
        }
    }

    /// <summary>
    /// Records the band move of a customer whose band changes with time (see <see cref="BandReport"/>), and its at-risk
    /// state; <paramref name="listed"/> says whether the segment may list it (then a null <paramref name="atRisk"/>
    /// removes it).
    /// </summary>
    public void RecordBandReport(string segmentKey, BandReport report, AtRiskEntry? atRisk, bool listed)
    {
        var key = new AggregateKey(AggregateKind.Segment, segmentKey);
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            stripe.Touch();
            var pending = stripe.Pending(key);
            pending.Report(report);
            if (atRisk is not null || listed)
            {
                pending.SetAtRisk(report.CustomerId, atRisk);
            }
        }
    }

    /// <summary>
    /// Drops unsent at-risk state of an erased customer, and takes its unsent band reports: the erase hands them to
    /// their segments before it removes the customer, so that no report arrives after it.
    /// </summary>
    public IReadOnlyList<(string Segment, BandReport Report)> ForgetCustomer(string customerId, IEnumerable<string> segmentKeys)
    {
        List<(string, BandReport)>? unsent = null;
        foreach (var segment in segmentKeys)
        {
            var key = new AggregateKey(AggregateKind.Segment, segment);
            var stripe = StripeOf(key);
            lock (stripe.Gate)
            {
                if (stripe.Pending(key).Forget(customerId) is { } report)
                {
                    (unsent ??= []).Add((segment, report));
                }
            }
        }

        return unsent ?? [];
    }

    /// <summary>
    /// Hands a customer going to sleep over to a segment at once, in the segment's next hand-off call (shared with
    /// other customers going to sleep, see <see cref="SegmentHandOffs"/>), which also carries what is still unsent of
    /// the customer for that segment (its band report and at-risk state), so that none of it arrives after.
    /// False when the segment did not confirm it: the customer's part is then queued for the next flush again, as a
    /// report without changes ahead (which takes them back, should they have arrived after all).
    /// </summary>
    public async Task<bool> HandOffAsync(string segmentKey, BandReport handOff, CancellationToken cancellationToken)
    {
        var key = new AggregateKey(AggregateKind.Segment, segmentKey);
        var stripe = StripeOf(key);
        BandReport? unsent = null;
        var atRiskHeld = false;
        AtRiskEntry? atRisk = null;
        lock (stripe.Gate)
        {
            if (stripe.Deltas.TryGetValue(key, out var pending))
            {
                unsent = pending.Take(handOff.CustomerId, out atRiskHeld, out atRisk);
            }
        }

        // The segment still counts the customer where the unsent report moves it from.
        var report = unsent is null ? handOff : handOff with { From = unsent.From };
        var taken = false;
        try
        {
            taken = await _handOffs.Add(segmentKey, report, atRisk, removeAtRisk: atRiskHeld && atRisk is null).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The deactivation gave up waiting; should the call still arrive, the report below takes the changes back.
        }

        if (!taken)
        {
            RecordBandReport(segmentKey, report.WithoutCrossings(), atRisk, atRiskHeld);
        }

        return taken;
    }

    /// <summary>
    /// Sends every pending delta to its grain. Failed deltas are kept and retried on the next flush: a
    /// touchpoint's unchanged and with its stamp, since the touchpoint may have applied it after all
    /// (<see cref="MergeStamp"/>); a segment's merged into what is pending for it. One flush at a time.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushing.WaitAsync(cancellationToken);

        // The next flush waits for this one's sends even when its caller stops waiting: a touchpoint's next
        // number must not go out while the one before it is still on its way.
        var flush = FlushOnceAsync();
        _ = flush.ContinueWith(_ => _flushing.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await flush.WaitAsync(cancellationToken);
    }

    private async Task FlushOnceAsync()
    {
        var sends = new List<Task>();
        HashSet<AggregateKey>? sentTo = null;
        var startedAt = Stopwatch.GetTimestamp();
        var oldestChangeAt = long.MaxValue;
        foreach (var stripe in _stripes)
        {
            Dictionary<AggregateKey, PendingDelta> taken;
            long changedAt;
            lock (stripe.Gate)
            {
                taken = stripe.Deltas;
                changedAt = stripe.ChangedAt;
                if (taken.Count > 0)
                {
                    stripe.Deltas = [];
                    stripe.ChangedAt = 0;
                }
            }

            if (taken.Count > 0)
            {
                oldestChangeAt = Math.Min(oldestChangeAt, changedAt == 0 ? startedAt : changedAt);
            }

            foreach (var (key, pending) in taken)
            {
                if (pending.IsEmpty)
                {
                    continue;
                }

                if (key.Kind == AggregateKind.Touchpoint)
                {
                    (sentTo ??= []).Add(key);
                    sends.Add(SendStampedAsync(key, TouchpointSendsOf(key), pending.ToDelta(), changedAt));
                }
                else
                {
                    sends.Add(SendAsync(key, pending.ToDelta(), changedAt));
                }
            }
        }

        // Touchpoints with nothing new whose last send is in doubt: resent alone.
        foreach (var (key, touchpoint) in _touchpointSends)
        {
            if (touchpoint.InDoubt is not null && sentTo?.Contains(key) != true)
            {
                sends.Add(SendStampedAsync(key, touchpoint, fresh: null, changedAt: 0));
            }
        }

        await Task.WhenAll(sends);
        if (sends.Count > 0)
        {
            _metrics?.AccumulatorFlush(startedAt, oldestChangeAt);
        }
    }

    private TouchpointSends TouchpointSendsOf(AggregateKey key)
    {
        if (!_touchpointSends.TryGetValue(key, out var touchpoint))
        {
            touchpoint = new TouchpointSends();
            _touchpointSends[key] = touchpoint;
        }

        return touchpoint;
    }

    private async Task SendAsync(AggregateKey key, AggregateDelta delta, long changedAt)
    {
        if (!await TryMergeAsync(key, delta))
        {
            Restore(key, delta, changedAt);
        }
    }

    // A touchpoint's sends go one after another: the one in doubt first, then the new one under the next number.
    private async Task SendStampedAsync(AggregateKey key, TouchpointSends touchpoint, AggregateDelta? fresh, long changedAt)
    {
        if (touchpoint.InDoubt is { } resend)
        {
            if (!await TryMergeAsync(key, resend))
            {
                if (fresh is not null)
                {
                    Restore(key, fresh, changedAt);
                }

                return;
            }

            touchpoint.InDoubt = null;
        }

        if (fresh is null)
        {
            return;
        }

        var stamped = fresh with { Stamp = new MergeStamp(_origin, ++touchpoint.Number) };
        if (!await TryMergeAsync(key, stamped))
        {
            touchpoint.InDoubt = stamped;
        }
    }

    private async Task<bool> TryMergeAsync(AggregateKey key, AggregateDelta delta)
    {
        try
        {
            IAggregateGrain grain = key.Kind == AggregateKind.Touchpoint
                ? _grains.GetGrainOf<ITouchpointGrain>(key.Id)
                : _grains.GetGrainOf<ISegmentGrain>(key.Id);
            await grain.Merge(delta);
            Interlocked.Increment(ref _deltasSent);
            _metrics?.AccumulatorDelta(KindLabel(key.Kind), succeeded: true);
            return true;
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _failedDeltas);
            _metrics?.AccumulatorDelta(KindLabel(key.Kind), succeeded: false);
            LogFlushFailed(key.Kind, key.Id, ex);
            return false;
        }
    }

    private void Restore(AggregateKey key, AggregateDelta delta, long changedAt)
    {
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            stripe.Pending(key).Restore(delta);

            // The restored change is as old as it was: the next flush's lag includes the retry.
            if (changedAt != 0 && (stripe.ChangedAt == 0 || changedAt < stripe.ChangedAt))
            {
                stripe.ChangedAt = changedAt;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _flushing.Dispose();

    private static string KindLabel(AggregateKind kind) =>
        kind == AggregateKind.Touchpoint ? GrainMetrics.TouchpointGrain : GrainMetrics.SegmentGrain;

    private Stripe StripeOf(AggregateKey key) =>
        _stripes[(int)((uint)HashCode.Combine(key.Kind, key.Id) % StripeCount)];

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Flushing the delta of {Kind} {Id} failed; it is kept and retried on the next flush")]
    private partial void LogFlushFailed(AggregateKind kind, string id, Exception exception);

    private sealed class TouchpointSends
    {
        // The last number given to a send; a send is numbered only once the one before it was applied.
        public long Number;

        // A send that failed: the touchpoint may have applied it, so it goes again unchanged before anything new.
        public AggregateDelta? InDoubt;
    }

    private sealed class Stripe
    {
        public readonly Lock Gate = new();
        public Dictionary<AggregateKey, PendingDelta> Deltas = [];

        // Stopwatch timestamp of the oldest change since the last flush took the deltas; 0 = none.
        public long ChangedAt;

        public void Touch()
        {
            if (ChangedAt == 0)
            {
                ChangedAt = Stopwatch.GetTimestamp();
            }
        }

        public PendingDelta Pending(AggregateKey key)
        {
            if (!Deltas.TryGetValue(key, out var pending))
            {
                pending = new PendingDelta();
                Deltas[key] = pending;
            }

            return pending;
        }
    }
}
