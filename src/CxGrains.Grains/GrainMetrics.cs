using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CxGrains.Grains;

/// <summary>
/// The grain-side <c>cx_</c> instruments exported at /metrics: active customer grains, storage
/// writes (duration, lag, failures) and the per-silo accumulator's flushes. One per silo.
/// </summary>
/// <remarks>
/// The exporter appends units and <c>_total</c>: <c>cx_storage_write_duration</c> with unit
/// <c>s</c> is scraped as <c>cx_storage_write_duration_seconds_bucket</c> and so on.
/// </remarks>
public sealed class GrainMetrics : IDisposable
{
    /// <summary>Meter name, registered with OpenTelemetry by the host.</summary>
    public const string MeterName = "CxGrains.Grains";

    /// <summary>The <c>grain</c> label of customer grains' storage instruments.</summary>
    public const string CustomerGrain = "customer";

    /// <summary>The <c>grain</c> label of touchpoint grains' storage instruments.</summary>
    public const string TouchpointGrain = "touchpoint";

    /// <summary>The <c>grain</c> label of segment grains' storage instruments.</summary>
    public const string SegmentGrain = "segment";

    // Seconds, from 1 ms (a local SQLite write) to 30 s (a stalled database).
    private static readonly IReadOnlyList<double> StorageBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Meter _meter;
    private readonly UpDownCounter<long> _activeCustomers;
    private readonly Histogram<double> _writeDuration;
    private readonly Histogram<double> _flushLag;
    private readonly Counter<long> _writeFailures;
    private readonly Histogram<double> _accumulatorDuration;
    private readonly Histogram<double> _accumulatorLag;
    private readonly Counter<long> _deltasSent;
    private readonly Counter<long> _deltaFailures;

    /// <summary>Creates the instruments.</summary>
    public GrainMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        var buckets = new InstrumentAdvice<double> { HistogramBucketBoundaries = StorageBuckets };
        _activeCustomers = _meter.CreateUpDownCounter<long>("cx_customer_grains_active", "{grain}",
            "Customer grains activated in this silo");
        _writeDuration = _meter.CreateHistogram("cx_storage_write_duration", "s",
            "Time one grain state write (a group commit) takes, by grain kind", advice: buckets);
        _flushLag = _meter.CreateHistogram("cx_storage_flush_lag", "s",
            "Time from a grain's first unwritten change to the end of the write that stored it, by grain kind", advice: buckets);
        _writeFailures = _meter.CreateCounter<long>("cx_storage_write_failures", "{write}",
            "Grain state writes that failed (the state stays in memory and is retried), by grain kind");
        _accumulatorDuration = _meter.CreateHistogram("cx_accumulator_flush_duration", "s",
            "Time one accumulator flush takes to deliver its deltas to touchpoint and segment grains", advice: buckets);
        _accumulatorLag = _meter.CreateHistogram("cx_accumulator_flush_lag", "s",
            "Age of the oldest change a flush delivered, when it was delivered", advice: buckets);
        _deltasSent = _meter.CreateCounter<long>("cx_accumulator_deltas_sent", "{delta}",
            "Deltas delivered to aggregate grains, by aggregate kind");
        _deltaFailures = _meter.CreateCounter<long>("cx_accumulator_delta_failures", "{delta}",
            "Deltas whose delivery failed and that were kept for the next flush, by aggregate kind");

        // Failure series exist from the start at zero, so rate() and alerts work before the first failure.
        foreach (var grain in (string[])[CustomerGrain, TouchpointGrain, SegmentGrain])
        {
            _writeFailures.Add(0, GrainTag(grain));
        }

        foreach (var kind in (string[])[TouchpointGrain, SegmentGrain])
        {
            _deltaFailures.Add(0, KindTag(kind));
        }
    }

    /// <summary>Reports the write-behind queue: customers due and waiting their turn, and writes in flight.</summary>
    public void ObserveWriteBehind(Func<int> waiting, Func<int> inFlight)
    {
        _meter.CreateObservableGauge("cx_customer_write_behind_waiting", waiting, "{grain}",
            "Customer grains whose write is due but waiting for a write slot (Cx:Durability:WriteBehindMaxInFlight)");
        _meter.CreateObservableGauge("cx_customer_write_behind_in_flight", inFlight, "{write}",
            "Customer write-behind writes in flight");
    }

    /// <summary>A customer grain was activated (+1) or deactivated (−1).</summary>
    public void CustomerActivations(int delta) => _activeCustomers.Add(delta);

    /// <summary>Records a finished state write of a grain of kind <paramref name="grain"/>.</summary>
    /// <param name="grain">The grain kind label.</param>
    /// <param name="startedAt">Its <see cref="Stopwatch.GetTimestamp"/> when the write began.</param>
    /// <param name="changedAt">Its <see cref="Stopwatch.GetTimestamp"/> at the oldest change the write stored.</param>
    /// <param name="succeeded">False when the write threw.</param>
    public void StorageWrite(string grain, long startedAt, long changedAt, bool succeeded)
    {
        var tag = GrainTag(grain);
        _writeDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, tag);
        if (succeeded)
        {
            _flushLag.Record(Stopwatch.GetElapsedTime(changedAt).TotalSeconds, tag);
        }
        else
        {
            _writeFailures.Add(1, tag);
        }
    }

    /// <summary>Records a finished accumulator flush that delivered something.</summary>
    /// <param name="startedAt">Its <see cref="Stopwatch.GetTimestamp"/> when the flush began.</param>
    /// <param name="oldestChangeAt">Its <see cref="Stopwatch.GetTimestamp"/> at the oldest change the flush carried.</param>
    public void AccumulatorFlush(long startedAt, long oldestChangeAt)
    {
        _accumulatorDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds);
        _accumulatorLag.Record(Stopwatch.GetElapsedTime(oldestChangeAt).TotalSeconds);
    }

    /// <summary>Counts one delta delivered (or not) to an aggregate of kind <paramref name="kind"/>.</summary>
    public void AccumulatorDelta(string kind, bool succeeded) =>
        (succeeded ? _deltasSent : _deltaFailures).Add(1, KindTag(kind));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> GrainTag(string grain) => new("grain", grain);

    private static KeyValuePair<string, object?> KindTag(string kind) => new("kind", kind);
}
