using System.Diagnostics.Metrics;

namespace CxGrains.Grains.Recompute;

/// <summary>The <c>cx_recompute_*</c> instruments of the silo that coordinates a recompute run; created with the silo, so their series exist from the start.</summary>
public sealed class RecomputeMetrics : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly Counter<long> _entries;
    private readonly Counter<long> _customers;
    private readonly Counter<long> _runs;
    private double _lastRate;

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
        meter.CreateObservableGauge("cx_recompute_last_replay_rate", () => Volatile.Read(ref _lastRate), unit: null,
            "Entries replayed per second over the last recompute run this silo coordinated; 0 before the first");

        // These series exist from the start at zero, so rate() and alerts work before the first run.
        _entries.Add(0);
        _customers.Add(0);
        _runs.Add(0, new KeyValuePair<string, object?>("outcome", "succeeded"));
        _runs.Add(0, new KeyValuePair<string, object?>("outcome", "failed"));
    }

    /// <inheritdoc />
    /// <remarks>Nothing to do: taking part makes the silo create the instruments at start.</remarks>
    public void Participate(ISiloLifecycle lifecycle)
    {
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
        Volatile.Write(ref _lastRate, replayRate);
    }
}
