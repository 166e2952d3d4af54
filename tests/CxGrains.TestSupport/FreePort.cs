using System.Net;
using System.Net.Sockets;

namespace CxGrains.TestSupport;

/// <summary>Finds TCP ports that are free on the loopback interface.</summary>
public static class FreePort
{
    /// <summary>
    /// Returns a port that was free a moment ago. Another process can take it before the caller
    /// binds it, so callers that start servers should retry on "address in use".
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
