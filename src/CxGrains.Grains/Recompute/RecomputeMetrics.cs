using System.Diagnostics.Metrics;

namespace CxGrains.Grains.Recompute;

/// <summary>The <c>cx_recompute_*</c> instruments of the silo that coordinates a recompute run.</summary>
public sealed class RecomputeMetrics
{
    private readonly Counter<long> _entries;
    private readonly Counter<long> _customers;
    private readonly Counter<long> _runs;
    private readonly Histogram<double> _rate;

    /// <summary>Creates the instruments on meter <see cref="GrainMetrics.MeterName"/>.</summary>
    public RecomputeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GrainMetrics.MeterName);
        _entries = meter.CreateCounter<long>("cx_recompute_entries_replayed", "{entry}",
            "Journal entries re-applied by recompute runs; its rate is the replay rate");
        _customers = meter.CreateCounter<long>("cx_recompute_customers", "{customer}",
            "Customers replayed by recompute runs");
        _runs = meter.CreateCounter<long>("cx_recompute_runs", "{run}",
            "Recompute runs ended, by outcome (succeeded, failed)");
        _rate = meter.CreateHistogram<double>("cx_recompute_replay_rate", unit: null,
            "Entries replayed per second over a whole recompute run",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [100, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000] });
    }

    /// <summary>A customer was replayed with <paramref name="entries"/> entries.</summary>
    public void Replayed(long entries)
    {
        _customers.Add(1);
        _entries.Add(entries);
    }

    /// <summary>A run ended.</summary>
    public void Ended(bool succeeded, double replayRate)
    {
        _runs.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : "failed"));
        _rate.Record(replayRate);
    }
}
