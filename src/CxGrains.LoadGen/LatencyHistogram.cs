using System.Numerics;

namespace CxGrains.LoadGen;

/// <summary>
/// A fixed-size log-linear histogram of latencies in microseconds, in the manner of HdrHistogram: exact
/// below 64 µs, then 32 buckets per power of two (≤ 3.2 % relative error) up to ~2^40 µs (12 days).
/// Recording is one array increment, safe from any thread; no allocation after construction.
/// </summary>
public sealed class LatencyHistogram
{
    private const int LinearBuckets = 64;
    private const int SubBucketBits = 5;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int MaxMagnitude = 40;
    private const long MaxValue = (1L << MaxMagnitude) - 1;

    /// <summary>Number of buckets.</summary>
    public const int BucketCount = LinearBuckets + (MaxMagnitude - SubBucketBits - 1) * SubBuckets;

    private readonly long[] _counts = new long[BucketCount];
    private long _max;
    private long _sum;

    /// <summary>Records one latency.</summary>
    public void Record(TimeSpan latency) => RecordMicroseconds(latency.Ticks / TimeSpan.TicksPerMicrosecond);

    /// <summary>Records one latency in microseconds (clamped to 0..2^40).</summary>
    public void RecordMicroseconds(long micros)
    {
        micros = Math.Clamp(micros, 0, MaxValue);
        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Add(ref _sum, micros);
        var max = Volatile.Read(ref _max);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, micros, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>A copy of the current counts, for <see cref="Summarize(long[], long[], long?, long?)"/> over an interval.</summary>
    public long[] Snapshot() => (long[])_counts.Clone();

    /// <summary>Copies the current counts into <paramref name="destination"/> (length <see cref="BucketCount"/>).</summary>
    public void CopyTo(long[] destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        for (var i = 0; i < _counts.Length; i++)
        {
            destination[i] = Volatile.Read(ref _counts[i]);
        }
    }

    /// <summary>Percentiles of everything recorded so far.</summary>
    public LatencySummary Summarize()
    {
        var counts = new long[BucketCount];
        CopyTo(counts);
        return Summarize(counts, previous: null, Volatile.Read(ref _max), Volatile.Read(ref _sum));
    }

    /// <summary>Percentiles of <paramref name="counts"/> minus <paramref name="previous"/> (an interval).</summary>
    /// <param name="counts">Bucket counts at the end of the interval.</param>
    /// <param name="previous">Bucket counts at its start, or null for everything.</param>
    /// <param name="maxMicros">Exact maximum if known; otherwise the top bucket's bound is used.</param>
    /// <param name="sumMicros">Exact sum if known; otherwise bucket midpoints are used.</param>
    public static LatencySummary Summarize(long[] counts, long[]? previous, long? maxMicros = null, long? sumMicros = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        long total = 0;
        double approximateSum = 0;
        var top = -1;
        for (var i = 0; i < counts.Length; i++)
        {
            var n = counts[i] - (previous?[i] ?? 0);
            if (n > 0)
            {
                total += n;
                approximateSum += n * (LowerBound(i) + UpperBound(i)) / 2.0;
                top = i;
            }
        }

        if (total == 0)
        {
            return LatencySummary.Empty;
        }

        var max = maxMicros ?? UpperBound(top);
        double Percentile(double q)
        {
            var rank = Math.Max(1, (long)Math.Ceiling(q * total));
            long seen = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                seen += counts[i] - (previous?[i] ?? 0);
                if (seen >= rank)
                {
                    return Math.Min(UpperBound(i), max) / 1000.0;
                }
            }

            return max / 1000.0;
        }

        return new LatencySummary(
            total,
            MeanMs: (sumMicros ?? approximateSum) / total / 1000.0,
            P50Ms: Percentile(0.50),
            P90Ms: Percentile(0.90),
            P99Ms: Percentile(0.99),
            P999Ms: Percentile(0.999),
            MaxMs: max / 1000.0);
    }

    /// <summary>The bucket of <paramref name="micros"/>.</summary>
    internal static int IndexOf(long micros)
    {
        if (micros < LinearBuckets)
        {
            return (int)micros;
        }

        // Magnitude ≥ 6; keep the top SubBucketBits + 1 bits: the leading 1 and 5 bits below it.
        var magnitude = 63 - BitOperations.LeadingZeroCount((ulong)micros);
        var shift = magnitude - SubBucketBits;
        var sub = (int)(micros >> shift) - SubBuckets;
        return LinearBuckets + (shift - 1) * SubBuckets + sub;
    }

    /// <summary>Smallest value of bucket <paramref name="index"/>.</summary>
    internal static long LowerBound(int index)
    {
        if (index < LinearBuckets)
        {
            return index;
        }

        var shift = (index - LinearBuckets) / SubBuckets + 1;
        var sub = (index - LinearBuckets) % SubBuckets + SubBuckets;
        return (long)sub << shift;
    }

    /// <summary>Largest value of bucket <paramref name="index"/>.</summary>
    internal static long UpperBound(int index) =>
        index < LinearBuckets ? index : LowerBound(index) + (1L << ((index - LinearBuckets) / SubBuckets + 1)) - 1;
}
