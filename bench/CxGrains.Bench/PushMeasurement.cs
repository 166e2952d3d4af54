namespace CxGrains.Bench;

/// <summary>Event → SignalR push latency, or why it was not measured.</summary>
/// <param name="Latencies">Send → first update reflecting the batch, per marker batch; null when not measured.</param>
/// <param name="NotMeasuredReason">Why there is no figure, when <paramref name="Latencies"/> is null.</param>
public sealed record PushMeasurement(LatencySamples? Latencies, string? NotMeasuredReason)
{
    /// <summary>No figure, with the reason.</summary>
    public static PushMeasurement NotMeasured(string reason) => new(null, reason);
}
