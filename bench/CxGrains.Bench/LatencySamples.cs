namespace CxGrains.Bench;

/// <summary>Latencies in milliseconds, collected by one probe; thread-safe.</summary>
public sealed class LatencySamples
{
    private readonly List<double> _samples = [];
    private readonly Lock _gate = new();

    /// <summary>Samples recorded.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _samples.Count;
            }
        }
    }

    /// <summary>Records one latency.</summary>
    public void Add(double milliseconds)
    {
        lock (_gate)
        {
            _samples.Add(milliseconds);
        }
    }

    /// <summary>
    /// The nearest-rank percentile (<paramref name="percent"/> in 0–100) of the samples, or NaN
    /// when there are none.
    /// </summary>
    public double Percentile(double percent)
    {
        double[] sorted;
        lock (_gate)
        {
            sorted = [.. _samples];
        }

        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
