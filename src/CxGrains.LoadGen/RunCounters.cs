using System.Collections.Concurrent;
using CxGrains.Contracts.V1;

namespace CxGrains.LoadGen;

/// <summary>The run's totals, updated by every sender and read by the progress reporter.</summary>
internal sealed class RunCounters(bool trackAcked)
{
    private long _batchesSent;
    private long _eventsSent;
    private long _batchesResent;
    private long _eventsResent;
    private long _batchesAcked;
    private long _accepted;
    private long _duplicates;
    private long _rejected;
    private long _unmatchedAcks;
    private long _reconnects;
    private long _inFlight;
    private long _abandonedBatches;
    private long _abandonedEvents;
    private long _batchesRetried;
    private long _eventsRetried;

    public LatencyHistogram Latency { get; } = new();

    /// <summary>How long each acked batch waited at the server for room (the ack's admission_wait_ms).</summary>
    public LatencyHistogram AdmissionWait { get; } = new();

    public ConcurrentDictionary<string, long> RejectedByCode { get; } = new(StringComparer.Ordinal);

    public AckedTally? Acked { get; } = trackAcked ? new AckedTally() : null;

    public long BatchesSent => Volatile.Read(ref _batchesSent);

    public long EventsSent => Volatile.Read(ref _eventsSent);

    public long BatchesResent => Volatile.Read(ref _batchesResent);

    public long EventsResent => Volatile.Read(ref _eventsResent);

    public long BatchesAcked => Volatile.Read(ref _batchesAcked);

    public long Accepted => Volatile.Read(ref _accepted);

    public long Duplicates => Volatile.Read(ref _duplicates);

    public long Rejected => Volatile.Read(ref _rejected);

    public long UnmatchedAcks => Volatile.Read(ref _unmatchedAcks);

    public long Reconnects => Volatile.Read(ref _reconnects);

    public long InFlight => Volatile.Read(ref _inFlight);

    public long AbandonedBatches => Volatile.Read(ref _abandonedBatches);

    public long AbandonedEvents => Volatile.Read(ref _abandonedEvents);

    /// <summary>New batches carrying events rejected as UNAVAILABLE, sent again.</summary>
    public long BatchesRetried => Volatile.Read(ref _batchesRetried);

    /// <summary>Events in <see cref="BatchesRetried"/>.</summary>
    public long EventsRetried => Volatile.Read(ref _eventsRetried);

    /// <summary>Events acknowledged in any way: accepted, duplicate or rejected.</summary>
    public long EventsAcknowledged => Accepted + Duplicates + Rejected;

    /// <summary>A batch was written: the first time (<paramref name="sends"/> 1) or again after a failure.</summary>
    public void OnSent(int eventCount, int sends, bool isRetry)
    {
        if (sends == 1 && isRetry)
        {
            Interlocked.Increment(ref _batchesRetried);
            Interlocked.Add(ref _eventsRetried, eventCount);
            Interlocked.Increment(ref _inFlight);
        }
        else if (sends == 1)
        {
            Interlocked.Increment(ref _batchesSent);
            Interlocked.Add(ref _eventsSent, eventCount);
            Interlocked.Increment(ref _inFlight);
        }
        else
        {
            Interlocked.Increment(ref _batchesResent);
            Interlocked.Add(ref _eventsResent, eventCount);
        }
    }

    public void OnAck(EventBatch batch, bool isRetry, BatchAck ack, TimeSpan latency)
    {
        Latency.Record(latency);
        AdmissionWait.RecordMicroseconds(ack.AdmissionWaitMs * 1000L);
        Interlocked.Decrement(ref _inFlight);
        if (!isRetry)
        {
            Interlocked.Increment(ref _batchesAcked);
        }

        Interlocked.Add(ref _accepted, ack.Accepted);
        Interlocked.Add(ref _duplicates, ack.Duplicates);
        if (ack.Rejected.Count > 0)
        {
            Interlocked.Add(ref _rejected, ack.Rejected.Count);
            foreach (var rejected in ack.Rejected)
            {
                RejectedByCode.AddOrUpdate(rejected.Code, 1, static (_, n) => n + 1);
            }
        }

        Acked?.Add(batch, ack);
    }

    public void OnUnmatchedAck() => Interlocked.Increment(ref _unmatchedAcks);

    public void OnReconnect() => Interlocked.Increment(ref _reconnects);

    /// <summary>A batch given up on: dropped without resend, or still unacknowledged when the run ended.</summary>
    public void OnAbandoned(int eventCount, bool wasSent)
    {
        if (wasSent)
        {
            Interlocked.Decrement(ref _inFlight);
        }

        Interlocked.Increment(ref _abandonedBatches);
        Interlocked.Add(ref _abandonedEvents, eventCount);
    }
}
