namespace CxGrains.TestingHost;

/// <summary>The four ports a CxGrains host binds: its gRPC and HTTP front end, and its silo and gateway ports.</summary>
/// <param name="Grpc">The gRPC (HTTP/2) port: ingest and query.</param>
/// <param name="Http">The HTTP/1.1 port: JSON API, health, metrics, SignalR.</param>
/// <param name="Silo">The silo-to-silo port.</param>
/// <param name="Gateway">The port Orleans clients (front ends) connect to.</param>
public sealed record HostPorts(int Grpc, int Http, int Silo, int Gateway)
{
    /// <summary>Four ports that were free a moment ago.</summary>
    public static HostPorts Allocate() => new(FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());
}
