namespace CxGrains.Host.Hosting;

/// <summary>
/// How many silo gateways a front end's cluster client has open connections to, as the client
/// reports it. The client connects to every listed gateway at start but continues as soon as the
/// first answers; the readiness check waits for the rest, so that a new front end's first calls are
/// not the ones that wait for connections.
/// </summary>
internal sealed partial class GatewayConnections(ILogger<GatewayConnections> logger) : IClusterConnectionStatusObserver
{
    private int _connected;

    /// <summary>Gateways connected now.</summary>
    public int Connected => Volatile.Read(ref _connected);

    /// <inheritdoc />
    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        // Notifications of connections opening at once can arrive out of order; their differences add up right.
        var connected = Interlocked.Add(ref _connected, currentNumberOfGateways - previousNumberOfGateways);
        LogGateways(logger, connected);
    }

    /// <inheritdoc />
    public void NotifyClusterConnectionLost() => LogLost(logger); // the count change comes with it

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Connected to {Gateways} cluster gateway(s)")]
    private static partial void LogGateways(ILogger logger, int gateways);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Lost the connection to every cluster gateway; the client keeps trying")]
    private static partial void LogLost(ILogger logger);
}
