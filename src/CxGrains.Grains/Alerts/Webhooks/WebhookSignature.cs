using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CxGrains.Grains.Alerts.Webhooks;

/// <summary>
/// The signature of a webhook POST: <c>X-Cx-Signature: v1=&lt;hex&gt;</c>, the lower-case hex
/// HMAC-SHA256, keyed with the endpoint's secret (UTF-8), of the signing string
/// <c>&lt;X-Cx-Timestamp&gt; + "." + &lt;raw body bytes&gt;</c>. The timestamp (Unix seconds) is
/// signed with the body, so a receiver that rejects old timestamps also rejects replays.
/// </summary>
public static class WebhookSignature
{
    /// <summary>Header carrying the signature.</summary>
    public const string SignatureHeader = "X-Cx-Signature";

    /// <summary>Header carrying the Unix time (seconds) the attempt was signed at.</summary>
    public const string TimestampHeader = "X-Cx-Timestamp";

    /// <summary>Header carrying the delivery id: the same on every retry of one delivery, for de-duplication.</summary>
    public const string DeliveryHeader = "X-Cx-Delivery";

    /// <summary>Header carrying the event type, <c>alert.raised</c> or <c>alert.resolved</c>.</summary>
    public const string EventHeader = "X-Cx-Event";

    /// <summary>Prefix of the signature value (the scheme version).</summary>
    public const string Scheme = "v1=";

    /// <summary>The header value for <paramref name="body"/> signed at <paramref name="unixSeconds"/>.</summary>
    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return Scheme + Convert.ToHexStringLower(mac);
    }
}
