using System.ComponentModel.DataAnnotations;

namespace CxGrains.Grains.Options;

/// <summary>How grain state reaches storage. Section <c>Cx:Durability</c>.</summary>
public sealed class DurabilityOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Durability";

    /// <summary>Ack mode for ingest; default <see cref="AckMode.Applied"/>.</summary>
    public AckMode AckMode { get; set; } = AckMode.Applied;

    /// <summary>
    /// How often a customer grain with unwritten changes writes them in <c>applied</c> mode; the most
    /// a crash can lose. Default 1 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan WriteBehindInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often touchpoint and segment grains write changed state. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan AggregateWriteBehindInterval { get; set; } = TimeSpan.FromSeconds(5);
}
