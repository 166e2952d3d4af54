using System.Net;
using System.Net.Sockets;

namespace CxGrains.TestingHost;

/// <summary>Finds TCP ports that are free for test servers.</summary>
/// <remarks>
/// Ports come from 20000–31999, below Linux's ephemeral range (32768–60999). A port the kernel hands
/// out for "any free port" is an ephemeral one, and the kernel also gives ephemeral ports to every
/// outgoing connection (PostgreSQL pools, silo links, gRPC clients): one of those could take it
/// between our check and the server's bind, and a silo process then fails with "address already in
/// use". Each process walks the range from its own starting point, so parallel test processes
/// rarely meet, and every port is checked free (on all addresses, as silos listen) before use.
/// </remarks>
public static class FreePort
{
    private const int First = 20000;
    private const int Count = 12000;
    private static int _next = Environment.ProcessId * 7919 % Count;

    /// <summary>A port that was free a moment ago and that no outgoing connection will take.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free TCP port in {First}–{First + Count - 1}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
