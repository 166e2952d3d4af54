using System.ComponentModel.DataAnnotations;

namespace CxGrains.Host.Hosting;

/// <summary>How the process stops. Section <c>Cx:Shutdown</c>.</summary>
public sealed class ShutdownOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Shutdown";

    /// <summary>
    /// The most a graceful stop may take: ingest streams drain (in-flight batches are applied and
    /// acked), then the silo writes its state and leaves the membership. Past it, what is left is
    /// cut off and clients resend. Keep an orchestrator's grace period above it. Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Cx:Shutdown:Timeout must be between 1 second and 10 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
