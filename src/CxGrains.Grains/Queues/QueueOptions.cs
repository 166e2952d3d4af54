using System.ComponentModel.DataAnnotations;

namespace CxGrains.Grains.Queues;

/// <summary>How queues count their contacts (docs/scoring.md "Queues"). Section <c>Cx:Queues</c>.</summary>
public sealed class QueueOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Queues";

    /// <summary>Abandons after a shorter wait are short abandons, for queues not listed below, seconds. Default 5.</summary>
    [Range(0.0, 3600.0)]
    public double DefaultShortAbandonSeconds { get; set; } = 5;

    /// <summary>Short-abandon threshold per queue (touchpoint) id, seconds.</summary>
    public Dictionary<string, double> ShortAbandonSeconds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A contact with no new step for this long leaves its queue as expired. Default 4 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan OpenContactCutoff { get; set; } = TimeSpan.FromHours(4);

    /// <summary>The IANA time zone whose midnight starts a queue's "today". Default UTC.</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";
}
