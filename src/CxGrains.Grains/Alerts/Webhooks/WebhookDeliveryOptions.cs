namespace CxGrains.Grains.Alerts.Webhooks;

/// <summary>How webhooks are delivered. Section <c>Cx:Alerts:Delivery</c>.</summary>
public sealed class WebhookDeliveryOptions
{
    /// <summary>Attempts per alert and endpoint, the first included. Default 6.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait before the second attempt; doubles after each failure. Default 1 s.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts. Default 60 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time one POST may take. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Alerts queued per endpoint; beyond it new ones are dropped with a warning. Default 1,000.</summary>
    public int QueueCapacity { get; set; } = 1000;
}
