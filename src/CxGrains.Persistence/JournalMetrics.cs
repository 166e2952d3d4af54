using System.Diagnostics.Metrics;

namespace CxGrains.Persistence;

/// <summary>
/// The <c>cx_journal_</c> instruments of the silo's <see cref="JournalCommitter"/>. The exporter
/// appends units and <c>_total</c>: <c>cx_journal_commit_duration</c> (unit <c>s</c>) is scraped as
/// <c>cx_journal_commit_duration_seconds_bucket</c>, <c>cx_journal_payload</c> (unit <c>By</c>) as
/// <c>cx_journal_payload_bytes_total</c>.
/// </summary>
public sealed class JournalMetrics : IDisposable
{
    /// <summary>Meter name, to register with OpenTelemetry.</summary>
    public const string MeterName = "CxGrains.Journal";

    // Seconds, from 0.5 ms (a local group commit) to 10 s (a stalled database).
    private static readonly IReadOnlyList<double> DurationBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly IReadOnlyList<int> SizeBuckets = [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 25_000, 50_000];

    private readonly Meter _meter;
    private readonly Counter<long> _commits;
    private readonly Histogram<int> _entriesPerCommit;
    private readonly Counter<long> _payload;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _failures;
    private readonly UpDownCounter<long> _queued;
    private readonly Counter<long> _reads;
    private readonly Histogram<int> _customersPerRead;
    private readonly Histogram<double> _readDuration;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/>.</summary>
    public JournalMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _commits = _meter.CreateCounter<long>("cx_journal_commits", "{commit}", "Group commits to the event journal");
        _entriesPerCommit = _meter.CreateHistogram("cx_journal_entries_per_commit", "{entry}", "Entries written by one group commit",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = SizeBuckets });
        _payload = _meter.CreateCounter<long>("cx_journal_payload", "By", "Event payload bytes committed to the journal");
        _duration = _meter.CreateHistogram("cx_journal_commit_duration", "s", "Time one group commit takes in the store",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _conflicts = _meter.CreateCounter<long>("cx_journal_conflicts", "{entry}",
            "Entries refused because their customer sequence was already journaled (a second activation)");
        _failures = _meter.CreateCounter<long>("cx_journal_commit_failures", "{commit}", "Group commits that failed in the store");
        _queued = _meter.CreateUpDownCounter<long>("cx_journal_queued_entries", "{entry}", "Entries waiting for a group commit");
        _reads = _meter.CreateCounter<long>("cx_journal_reads", "{read}", "Grouped reads of activating customers' later journal entries");
        _customersPerRead = _meter.CreateHistogram("cx_journal_customers_per_read", "{customer}", "Customers whose entries one grouped read took",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = SizeBuckets });
        _readDuration = _meter.CreateHistogram("cx_journal_read_duration", "s", "Time one grouped read takes in the store",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

        // These series exist from the start at zero, so rate() and alerts work before the first one.
        _conflicts.Add(0);
        _failures.Add(0);
        _queued.Add(0);
        _reads.Add(0);
    }

    /// <summary>Counts a finished commit.</summary>
    public void RecordCommit(int entries, long payloadBytes, int conflicts, TimeSpan elapsed)
    {
        _commits.Add(1);
        _entriesPerCommit.Record(entries);
        _payload.Add(payloadBytes);
        _duration.Record(elapsed.TotalSeconds);
        if (conflicts > 0)
        {
            _conflicts.Add(conflicts);
        }
    }

    /// <summary>Counts a commit the store failed.</summary>
    public void RecordFailure(TimeSpan elapsed)
    {
        _failures.Add(1);
        _duration.Record(elapsed.TotalSeconds);
    }

    /// <summary>Counts a grouped read of <paramref name="customers"/> customers' entries.</summary>
    public void RecordRead(int customers, TimeSpan elapsed)
    {
        _reads.Add(1);
        _customersPerRead.Record(customers);
        _readDuration.Record(elapsed.TotalSeconds);
    }

    /// <summary>Tracks entries waiting for a commit.</summary>
    public void Queued(int delta) => _queued.Add(delta);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
