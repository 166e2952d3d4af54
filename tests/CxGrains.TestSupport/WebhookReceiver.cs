using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CxGrains.TestingHost;

namespace CxGrains.TestSupport;

/// <summary>
/// A real HTTP endpoint on 127.0.0.1 that receives webhook POSTs, answers 500 to the first
/// <see cref="FailFirst"/> requests, and keeps every request it accepted.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _requests;

    /// <summary>Starts listening on a free loopback port.</summary>
    public WebhookReceiver(int failFirst = 0)
    {
        FailFirst = failFirst;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            Url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/hooks/";
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(Url);
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // The port was taken between probing and binding: try another.
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The URL to configure as the webhook.</summary>
    public string Url { get; }

    /// <summary>Requests answered with 500 before the first success.</summary>
    public int FailFirst { get; }

    /// <summary>Every request seen, failed ones included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests answered with 200.</summary>
    public ConcurrentQueue<Received> Accepted { get; } = new();

    /// <summary>Accepted requests whose JSON <c>alert.alertId</c> is <paramref name="alertId"/>.</summary>
    public List<Received> For(string alertId) => [.. Accepted.Where(r => r.AlertId == alertId)];

    /// <inheritdoc />
    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Closing the listener ends the loop with an exception.
        }
    }

    /// <summary>
    /// Checks a request the way a receiver should (docs/alerts.md): recompute
    /// HMAC-SHA256(secret, timestamp + "." + body), compare in constant time, reject old timestamps.
    /// </summary>
    public static bool SignatureIsValid(Received request, string secret, TimeSpan maxAge)
    {
        if (!long.TryParse(request.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > maxAge.TotalSeconds
            || request.Signature is null || !request.Signature.StartsWith("v1=", StringComparison.Ordinal))
        {
            return false;
        }

        var signed = Encoding.ASCII.GetBytes(request.Timestamp + ".").Concat(request.Body).ToArray();
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        byte[] actual;
        try
        {
            actual = Convert.FromHexString(request.Signature["v1=".Length..]);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var n = Interlocked.Increment(ref _requests);
            if (n <= FailFirst)
            {
                context.Response.StatusCode = 500;
                context.Response.Close();
                continue;
            }

            var bytes = body.ToArray();
            var headers = context.Request.Headers;
            Accepted.Enqueue(new Received(
                context.Request.HttpMethod,
                context.Request.ContentType,
                headers["X-Cx-Timestamp"] ?? "",
                headers["X-Cx-Signature"],
                headers["X-Cx-Delivery"],
                headers["X-Cx-Event"],
                bytes));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    /// <summary>One accepted request.</summary>
    public sealed record Received(string Method, string? ContentType, string Timestamp, string? Signature, string? DeliveryId, string? Event, byte[] Body)
    {
        /// <summary>The parsed JSON body.</summary>
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        /// <summary>The body's <c>alert.alertId</c>.</summary>
        public string? AlertId => Json.GetProperty("alert").GetProperty("alertId").GetString();
    }
}
