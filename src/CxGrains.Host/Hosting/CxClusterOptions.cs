using System.ComponentModel.DataAnnotations;

namespace CxGrains.Host.Hosting;

/// <summary>How this process joins the Orleans cluster. Section <c>Cx:Cluster</c>.</summary>
public sealed class CxClusterOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Cluster";

    /// <summary><c>Localhost</c> (single node, the embedded default) or <c>Postgres</c> (membership table).</summary>
    [RegularExpression("^(Localhost|Postgres)$", ErrorMessage = "Cx:Cluster:Clustering must be Localhost or Postgres.")]
    public string Clustering { get; set; } = "Localhost";

    /// <summary>Cluster id: silos with the same id form one cluster. Default <c>cxgrains</c>.</summary>
    [Required]
    public string ClusterId { get; set; } = "cxgrains";

    /// <summary>Service id: part of every stored key. Fixed once; changing it orphans all state.</summary>
    [Required]
    public string ServiceId { get; set; } = "cxgrains";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Gateway port for Orleans clients (front ends). Default 30000.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos reach this one at. Default 127.0.0.1.</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Idle grains are deactivated (and their state written) after this long. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan IdleGrainAge { get; set; } = TimeSpan.FromMinutes(15);
}
