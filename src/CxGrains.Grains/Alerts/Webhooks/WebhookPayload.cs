using System.Text.Json;
using CxGrains.Abstractions;

namespace CxGrains.Grains.Alerts.Webhooks;

/// <summary>
/// The JSON body of a webhook POST (docs/alerts.md): <c>{"event", "deliveryId", "alert": {...}}</c>
/// with the alert in the query API's field names and RFC 3339 UTC times.
/// </summary>
public static class WebhookPayload
{
    /// <summary>Event type of a raised alert.</summary>
    public const string Raised = "alert.raised";

    /// <summary>Event type of a resolved alert.</summary>
    public const string Resolved = "alert.resolved";

    /// <summary>The event type of an alert's current status.</summary>
    public static string EventOf(AlertSnapshot alert) => alert.Status == AlertStatus.Resolved ? Resolved : Raised;

    /// <summary>The UTF-8 JSON body.</summary>
    public static byte[] Create(AlertSnapshot alert, string deliveryId)
    {
        ArgumentNullException.ThrowIfNull(alert);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("event", EventOf(alert));
            json.WriteString("deliveryId", deliveryId);
            json.WriteStartObject("alert");
            json.WriteString("alertId", alert.AlertId);
            json.WriteString("rule", alert.Rule);
            json.WriteString("subject", alert.Subject);
            json.WriteString("state", alert.Status == AlertStatus.Resolved ? "RESOLVED" : "RAISED");
            Number(json, "value", alert.Value);
            Number(json, "threshold", alert.Threshold);
            json.WriteString("message", alert.Message);
            json.WriteString("raisedAt", Time(alert.RaisedAtTicks));
            json.WriteString("updatedAt", Time(alert.UpdatedAtTicks));
            if (alert.ResolvedAtTicks is { } resolved)
            {
                json.WriteString("resolvedAt", Time(resolved));
            }
            else
            {
                json.WriteNull("resolvedAt");
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
