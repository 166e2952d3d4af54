using System.Diagnostics.Metrics;

namespace CxGrains.Host.Live;

/// <summary>Hub metrics, exported at /metrics.</summary>
public sealed class LiveMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "CxGrains.Live";

    private readonly Meter _meter;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _pushes;

    /// <summary>Creates the instruments.</summary>
    public LiveMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _connections = _meter.CreateUpDownCounter<long>("cx_signalr_connections", description: "Open SignalR hub connections on this host.");
        _pushes = _meter.CreateCounter<long>("cx_signalr_pushes", description: "Messages pushed to hub groups or callers (update, alert).");
    }

    /// <summary>A client connected (+1) or disconnected (−1).</summary>
    public void Connection(int delta) => _connections.Add(delta);

    /// <summary>One message sent to a group or a caller.</summary>
    public void Pushed(string message) => _pushes.Add(1, new KeyValuePair<string, object?>("message", message));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
