using System.Globalization;

namespace CxGrains.LoadGen.Cli;

/// <summary>Writes one progress line per report, synchronously (not through <see cref="Progress{T}"/>,
/// which would post to the thread pool and could reorder lines).</summary>
public sealed class ProgressPrinter(TextWriter writer) : IProgress<LoadProgress>
{
    /// <inheritdoc />
    public void Report(LoadProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"[{value.Elapsed.TotalSeconds,5:F0}s] {value.EventsPerSecond,9:N0} ev/s  acked {value.Accepted:N0}  " +
            $"dup {value.Duplicates:N0}  rej {value.Rejected:N0}  p50 {value.IntervalLatency.P50Ms:F1} ms  " +
            $"p99 {value.IntervalLatency.P99Ms:F1} ms  in-flight {value.InFlightBatches}  reconnects {value.Reconnects}");
        lock (writer)
        {
            writer.WriteLine(line);
        }
    }
}
