using System.ComponentModel.DataAnnotations;

namespace CxGrains.Host.Hosting;

/// <summary>
/// Where the front end listens. Section <c>Cx:Endpoints</c>. Plain-text gRPC needs an HTTP/2-only
/// port; the JSON API, SignalR, the wallboard and /metrics need HTTP/1.1: hence two ports.
/// </summary>
public sealed class EndpointOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Endpoints";

    /// <summary>Address to bind. Default 127.0.0.1; use 0.0.0.0 in containers.</summary>
    [Required]
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>HTTP/2 port for gRPC (ingest and query). Default 5000; 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int GrpcPort { get; set; } = 5000;

    /// <summary>HTTP/1.1 and HTTP/2 port for JSON, SignalR, the wallboard, health and /metrics. Default 5080; 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int HttpPort { get; set; } = 5080;
}
