using System.Diagnostics.Metrics;
using CxGrains.Contracts.V1;

namespace CxGrains.Host.Ingest;

/// <summary>The <c>cx_</c> ingest instruments exported at /metrics.</summary>
public sealed class IngestMetrics : IDisposable
{
    /// <summary>Meter name, registered with OpenTelemetry.</summary>
    public const string MeterName = "CxGrains.Ingest";

    // Seconds, from 0.5 ms to 10 s: the target is a p99 under 50 ms, so the buckets are dense below it.
    private static readonly IReadOnlyList<double> LatencyBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _batchLatency;
    private readonly UpDownCounter<long> _inFlight;
    private readonly UpDownCounter<long> _eventsInFlight;
    private readonly Histogram<double> _admissionWait;

    /// <summary>Creates the instruments.</summary>
    public IngestMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _accepted = _meter.CreateCounter<long>("cx_events_ingested", "{event}", "Events applied");
        _duplicates = _meter.CreateCounter<long>("cx_events_duplicate", "{event}", "Events dropped as resends");
        _rejected = _meter.CreateCounter<long>("cx_events_rejected", "{event}", "Events rejected, by reason code");
        _batchLatency = _meter.CreateHistogram("cx_ack_latency", "s", "Time from a batch's arrival to its ack",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _inFlight = _meter.CreateUpDownCounter<long>("cx_batches_in_flight", "{batch}", "Batches being applied");
        _eventsInFlight = _meter.CreateUpDownCounter<long>("cx_events_in_flight", "{event}", "Events admitted and being applied (bounded by Cx:Ingest:MaxInFlightEvents)");
        _admissionWait = _meter.CreateHistogram("cx_ingest_admission_wait", "s", "Time a batch waited for room under Cx:Ingest:MaxInFlightEvents before it was applied",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
    }

    /// <summary>Counts an answered batch.</summary>
    public void RecordBatch(BatchAck ack, TimeSpan elapsed)
    {
        _accepted.Add(ack.Accepted);
        _duplicates.Add(ack.Duplicates);
        _batchLatency.Record(elapsed.TotalSeconds);
    }

    /// <summary>Adds a rejected event to <paramref name="ack"/> and counts it by reason.</summary>
    public void Reject(BatchAck ack, int index, string eventId, string code, string message, bool queueEvent = false)
    {
        ack.Rejected.Add(new RejectedEvent { Index = index, EventId = eventId, Code = code, Message = message, QueueEvent = queueEvent });
        _rejected.Add(1, new KeyValuePair<string, object?>("reason", code));
    }

    /// <summary>Counts a batch admitted after waiting <paramref name="waited"/> for <paramref name="events"/> permits.</summary>
    public void RecordAdmission(int events, TimeSpan waited)
    {
        _eventsInFlight.Add(events);
        _admissionWait.Record(waited.TotalSeconds);
    }

    /// <summary>Tracks admitted events in flight.</summary>
    public void EventsInFlight(int delta) => _eventsInFlight.Add(delta);

    /// <summary>Tracks batches in flight.</summary>
    public void InFlight(int delta) => _inFlight.Add(delta);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
