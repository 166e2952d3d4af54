using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CxGrains.LoadGen.Cli;

/// <summary>The final summary, as text for people and as JSON for scripts.</summary>
public static class SummaryFormatter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>A few aligned lines.</summary>
    public static string ToText(LoadSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var s = summary;
        var l = s.AckLatency;
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        var targets = s.Targets.Count > 1 ? string.Join(", ", s.Targets) : s.Url;
        text.AppendLine(c, $"cx-loadgen run {s.RunId} → {targets} ({s.Mode}, {s.Streams} × batch {s.BatchSize}, window {s.InFlight}, " +
            $"rate {(s.TargetRate > 0 ? s.TargetRate.ToString("N0", c) + " ev/s" : "unlimited")})");
        text.AppendLine(c, $"  elapsed      {s.ElapsedSeconds:F2} s");
        text.AppendLine(c, $"  sent         {s.EventsSent:N0} events in {s.BatchesSent:N0} batches (resent {s.EventsResent:N0} events in {s.BatchesResent:N0} batches)");
        text.AppendLine(c, $"  acknowledged {s.EventsAcknowledged:N0} events: {s.Accepted:N0} accepted, {s.Duplicates:N0} duplicates, {s.Rejected:N0} rejected");
        text.AppendLine(c, $"  throughput   {s.EventsPerSecond:N0} events/s");
        text.AppendLine(c, $"  ack latency  p50 {l.P50Ms:F2} ms  p90 {l.P90Ms:F2} ms  p99 {l.P99Ms:F2} ms  p99.9 {l.P999Ms:F2} ms  max {l.MaxMs:F2} ms  ({l.Count:N0} batches)");
        if (s.AdmissionWait.MaxMs > 0)
        {
            var w = s.AdmissionWait;
            text.AppendLine(c, $"  server wait  p50 {w.P50Ms:F2} ms  p99 {w.P99Ms:F2} ms  max {w.MaxMs:F2} ms: batches waited for room at the server (backpressure, Cx:Ingest:MaxInFlightEvents)");
        }

        text.AppendLine(c, $"  reconnects   {s.Reconnects:N0}; unacknowledged at end {s.UnackedEvents:N0} events in {s.UnackedBatches:N0} batches");
        if (s.BatchesRetried > 0)
        {
            text.AppendLine(c, $"  retried      {s.EventsRetried:N0} events rejected as UNAVAILABLE, in {s.BatchesRetried:N0} new batches");
        }

        foreach (var (code, count) in s.RejectedByCode)
        {
            text.AppendLine(c, $"  rejected     {code}: {count:N0}");
        }

        if (s.UnmatchedAcks > 0)
        {
            text.AppendLine(c, $"  warning      {s.UnmatchedAcks:N0} acks matched no batch in flight");
        }

        return text.ToString();
    }

    /// <summary>The summary as indented camelCase JSON.</summary>
    public static string ToJson(LoadSummary summary) => JsonSerializer.Serialize(summary, Json);
}
