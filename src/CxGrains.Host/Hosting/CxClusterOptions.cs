using System.ComponentModel.DataAnnotations;
using System.Net;

namespace CxGrains.Host.Hosting;

/// <summary>How this process joins the Orleans cluster. Section <c>Cx:Cluster</c>.</summary>
public sealed class CxClusterOptions : IValidatableObject
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
    [Range(1, 65535, ErrorMessage = "Cx:Cluster:SiloPort must be a TCP port (1–65535).")]
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// Gateway port for Orleans clients (front ends). On a silo: the port it opens. On a front end with
    /// <c>Localhost</c> clustering: the local silo's gateway to connect to. Default 30000.
    /// </summary>
    [Range(1, 65535, ErrorMessage = "Cx:Cluster:GatewayPort must be a TCP port (1–65535).")]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// IP address other silos and front ends reach this silo at (written to the membership table). Default
    /// 127.0.0.1; in containers the pod or container IP. The silo listens on every local address.
    /// </summary>
    [Required(ErrorMessage = "Cx:Cluster:AdvertisedAddress is required.")]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// How long a grain call may wait for its answer (Orleans' response timeout, silos and front ends alike).
    /// A call to a silo that has just died is only failed after it, when it went through a gateway; the ingest
    /// then rejects its events as <c>UNAVAILABLE</c> and clients resend them. Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Cx:Cluster:ResponseTimeout must be between 1 second and 10 minutes.")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle grains are deactivated (and their state written) after this long. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan IdleGrainAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(AdvertisedAddress, out var address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            yield return new ValidationResult(
                $"Cx:Cluster:AdvertisedAddress must be an IP address others can reach, e.g. 10.0.0.5 (got '{AdvertisedAddress}').",
                [nameof(AdvertisedAddress)]);
        }

        if (SiloPort == GatewayPort)
        {
            yield return new ValidationResult(
                $"Cx:Cluster:SiloPort and Cx:Cluster:GatewayPort must differ (both are {SiloPort}).",
                [nameof(SiloPort), nameof(GatewayPort)]);
        }
    }
}
