using System.ComponentModel.DataAnnotations;

namespace CxGrains.Host.Hosting;

/// <summary>How <c>/readyz</c> probes its dependencies. Section <c>Cx:Readiness</c>.</summary>
public sealed class ReadinessOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Readiness";

    /// <summary>
    /// How long a probe's answer (storage reachable, cluster answering) is reused, so that frequent
    /// orchestrator polls cost the database nothing. Default 5 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Cx:Readiness:CacheFor must be between 0 and 10 minutes.")]
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one probe may take before the dependency counts as unreachable. Default 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Cx:Readiness:Timeout must be between 100 ms and 1 minute.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);
}
