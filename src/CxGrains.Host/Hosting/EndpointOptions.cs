using System.ComponentModel.DataAnnotations;
using System.Net;

namespace CxGrains.Host.Hosting;

/// <summary>
/// Where the front end listens. Section <c>Cx:Endpoints</c>. Plain-text gRPC needs an HTTP/2-only
/// port; the JSON API, SignalR, the wallboard and /metrics need HTTP/1.1: hence two ports.
/// </summary>
public sealed class EndpointOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Endpoints";

    /// <summary>Address to bind. Default 127.0.0.1; use 0.0.0.0 in containers.</summary>
    [Required(ErrorMessage = "Cx:Endpoints:ListenAddress is required.")]
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>HTTP/2 port for gRPC (ingest and query). Default 5000; 0 picks a free port.</summary>
    [Range(0, 65535, ErrorMessage = "Cx:Endpoints:GrpcPort must be a TCP port (0–65535; 0 picks a free one).")]
    public int GrpcPort { get; set; } = 5000;

    /// <summary>HTTP/1.1 and HTTP/2 port for JSON, SignalR, the wallboard, health and /metrics. Default 5080; 0 picks a free port.</summary>
    [Range(0, 65535, ErrorMessage = "Cx:Endpoints:HttpPort must be a TCP port (0–65535; 0 picks a free one).")]
    public int HttpPort { get; set; } = 5080;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(ListenAddress, out _))
        {
            yield return new ValidationResult(
                $"Cx:Endpoints:ListenAddress must be an IP address such as 127.0.0.1 or 0.0.0.0 (got '{ListenAddress}').",
                [nameof(ListenAddress)]);
        }

        if (GrpcPort != 0 && GrpcPort == HttpPort)
        {
            yield return new ValidationResult(
                $"Cx:Endpoints:GrpcPort and Cx:Endpoints:HttpPort must differ (both are {GrpcPort}): gRPC needs an HTTP/2-only port.",
                [nameof(GrpcPort), nameof(HttpPort)]);
        }
    }
}
