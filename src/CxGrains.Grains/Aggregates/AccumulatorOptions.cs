using System.ComponentModel.DataAnnotations;

namespace CxGrains.Grains.Aggregates;

/// <summary>The per-silo accumulator that feeds touchpoints and segments. Section <c>Cx:Accumulator</c>.</summary>
public sealed class AccumulatorOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Accumulator";

    /// <summary>
    /// How often each silo flushes its deltas to the aggregate grains. Aggregates lag events by at
    /// most about this much (plus one grain call). Default 250 ms.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Width of the time buckets deltas are grouped in; the finest window bucket. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:05")]
    public TimeSpan BucketWidth { get; set; } = TimeSpan.FromSeconds(5);
}
