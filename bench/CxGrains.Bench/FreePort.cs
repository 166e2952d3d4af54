using System.Net;
using System.Net.Sockets;

namespace CxGrains.Bench;

/// <summary>Finds TCP ports that are free on the loopback interface.</summary>
internal static class FreePort
{
    /// <summary>A port that was free a moment ago; callers starting servers retry on a clash.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
