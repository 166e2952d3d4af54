using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Aggregates;

/// <summary>What the accumulator has gathered for one aggregate since its last flush. Not thread-safe: guarded by its stripe's lock.</summary>
internal sealed class PendingDelta
{
    private readonly Dictionary<long, MetricCounts> _buckets = [];
    private Dictionary<string, AtRiskEntry?>? _atRisk;
    private Dictionary<string, BandReport>? _reports;
    private BandCounts _bands;

    public bool IsEmpty => _buckets.Count == 0 && _bands.IsZero && (_atRisk is null || _atRisk.Count == 0) && (_reports is null || _reports.Count == 0);

    public void Add(long bucketTicks, in MetricCounts counts)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_buckets, bucketTicks, out _);
        slot.Merge(counts);
    }

    public void Add(IReadOnlyList<TimedCounts> buckets)
    {
        foreach (var bucket in buckets)
        {
            Add(bucket.AtTicks, bucket.Counts);
        }
    }

    public void AddBand(HealthBand band, long count) => _bands = _bands.Add(band, count);

    /// <summary>Latest at-risk state of a customer; null records a removal.</summary>
    public void SetAtRisk(string customerId, AtRiskEntry? entry) => (_atRisk ??= new(StringComparer.Ordinal))[customerId] = entry;

    /// <summary>
    /// A customer's band report; a later one of the same customer replaces it but moves from where the earlier one
    /// moved from: the segment never sees the earlier one, nor the changes it announced.
    /// </summary>
    public void Report(BandReport report)
    {
        _reports ??= new(StringComparer.Ordinal);
        _reports[report.CustomerId] = _reports.TryGetValue(report.CustomerId, out var earlier) ? report with { From = earlier.From } : report;
    }

    /// <summary>Drops a customer's unsent at-risk state; returns its unsent band report, taken out too.</summary>
    public BandReport? Forget(string customerId) => Take(customerId, out _, out _);

    /// <summary>
    /// Takes a customer's unsent band report and at-risk state out (null when none); <paramref name="atRiskHeld"/>
    /// says whether an at-risk state was held, a null <paramref name="atRisk"/> then being a removal.
    /// </summary>
    public BandReport? Take(string customerId, out bool atRiskHeld, out AtRiskEntry? atRisk)
    {
        atRisk = null;
        atRiskHeld = _atRisk is not null && _atRisk.Remove(customerId, out atRisk);
        return _reports is not null && _reports.Remove(customerId, out var report) ? report : null;
    }

    /// <summary>Adds an unsent delta back, so a failed flush is retried rather than lost; its waiters wait on.</summary>
    public void Restore(AggregateDelta delta)
    {
        Add(delta.Buckets);

        _bands += delta.BandChange;
        foreach (var entry in delta.AtRiskUpserts)
        {
            // A newer state recorded since the failed flush wins.
            (_atRisk ??= new(StringComparer.Ordinal)).TryAdd(entry.CustomerId, entry);
        }

        foreach (var removed in delta.AtRiskRemovals)
        {
            (_atRisk ??= new(StringComparer.Ordinal)).TryAdd(removed, null);
        }

        foreach (var earlier in delta.BandReports)
        {
            // Earlier than anything recorded since: a newer report keeps its bands and changes, and moves from here.
            _reports ??= new(StringComparer.Ordinal);
            _reports[earlier.CustomerId] = _reports.TryGetValue(earlier.CustomerId, out var later) ? later with { From = earlier.From } : earlier;
        }
    }

    public AggregateDelta ToDelta() => new()
    {
        Buckets = [.. _buckets.Select(b => new TimedCounts(b.Key, b.Value))],
        BandChange = _bands,
        AtRiskUpserts = _atRisk is null ? [] : [.. _atRisk.Values.OfType<AtRiskEntry>()],
        AtRiskRemovals = _atRisk is null ? [] : [.. _atRisk.Where(e => e.Value is null).Select(e => e.Key)],
        BandReports = _reports is null ? [] : [.. _reports.Values],
    };
}
