namespace CxGrains.Grains.Alerts.Webhooks;

/// <summary>One webhook endpoint, an entry of <c>Cx:Alerts:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    /// <summary>Name used in logs (the URL is not logged: it may carry a token). Default: the URL's host.</summary>
    public string? Name { get; set; }

    /// <summary>Absolute http or https URL that receives the POSTs.</summary>
    public string? Url { get; set; }

    /// <summary>Shared secret of the HMAC-SHA256 signature, at least 16 characters. Never logged.</summary>
    public string? Secret { get; set; }
}
