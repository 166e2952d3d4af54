using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using CxGrains.Grains.Background;
using Microsoft.Extensions.Logging;

namespace CxGrains.Grains.Alerts.Webhooks;

/// <summary>
/// One configured endpoint: a bounded queue and a loop that POSTs its deliveries in order, retrying
/// each with exponential backoff up to the configured attempts. A failing endpoint delays only its
/// own queue. Logs name the endpoint, never its URL (which may carry a token) or secret.
/// </summary>
internal sealed partial class WebhookEndpoint : BackgroundLoop
{
    private readonly Channel<WebhookDelivery> _queue;
    private readonly Uri _url;
    private readonly string _secret;
    private readonly WebhookDeliveryOptions _delivery;
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    public WebhookEndpoint(WebhookOptions options, WebhookDeliveryOptions delivery, HttpClient http, TimeProvider time, ILogger logger)
        : base(time)
    {
        _url = new Uri(options.Url!, UriKind.Absolute);
        _secret = options.Secret!;
        Name = string.IsNullOrWhiteSpace(options.Name) ? _url.Authority : options.Name;
        _delivery = delivery;
        _http = http;
        _logger = logger;
        _queue = Channel.CreateBounded<WebhookDelivery>(new BoundedChannelOptions(delivery.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: refuses instead of waiting
        });
    }

    public string Name { get; }

    public long Delivered;
    public long Failed;
    public long Dropped;

    public void Enqueue(WebhookDelivery delivery)
    {
        if (!_queue.Writer.TryWrite(delivery))
        {
            Interlocked.Increment(ref Dropped);
            LogQueueFull(Name, delivery.Event, delivery.DeliveryId);
        }
    }

    protected override ValueTask<bool> WaitForNextPassAsync(CancellationToken stopping) => _queue.Reader.WaitToReadAsync(stopping);

    // Deliveries go one at a time, in order; a stop cancels the one in flight.
    protected override async Task RunOnceAsync(CancellationToken stopping)
    {
        while (_queue.Reader.TryRead(out var delivery))
        {
            await DeliverAsync(delivery, stopping);
        }
    }

    protected override Task OnStoppingAsync(CancellationToken cancellationToken)
    {
        var left = _queue.Reader.Count;
        if (left > 0)
        {
            LogUndelivered(Name, left);
        }

        return Task.CompletedTask;
    }

    protected override void LogPassFailed(Exception exception) => LogLoopError(Name, exception);

    private async Task DeliverAsync(WebhookDelivery delivery, CancellationToken stopping)
    {
        var backoff = _delivery.InitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            var (ok, retryable, reason) = await PostAsync(delivery, stopping);
            if (ok)
            {
                Interlocked.Increment(ref Delivered);
                LogDelivered(Name, delivery.Event, delivery.DeliveryId, attempt);
                return;
            }

            if (!retryable || attempt >= _delivery.MaxAttempts)
            {
                Interlocked.Increment(ref Failed);
                LogGaveUp(Name, delivery.Event, delivery.DeliveryId, attempt, reason);
                return;
            }

            LogRetrying(Name, delivery.DeliveryId, attempt, reason, backoff);
            await Task.Delay(backoff, Time, stopping);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _delivery.MaxBackoff.Ticks));
        }
    }

    private async Task<(bool Ok, bool Retryable, string Reason)> PostAsync(WebhookDelivery delivery, CancellationToken stopping)
    {
        var timestamp = Time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, _url);
        request.Content = new ByteArrayContent(delivery.Body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(_secret, timestamp, delivery.Body));
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.DeliveryId);
        request.Headers.Add(WebhookSignature.EventHeader, delivery.Event);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(_delivery.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return (true, false, "");
            }

            // Server trouble, throttling and timeouts pass; other client errors will not change on a retry.
            var retryable = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            return (false, retryable, $"HTTP {status}");
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return (false, true, "timed out");
        }
        catch (HttpRequestException ex)
        {
            return (false, true, ex.HttpRequestError.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Endpoint}: queue full, dropped {Event} delivery {DeliveryId}")]
    private partial void LogQueueFull(string endpoint, string @event, string deliveryId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook {Endpoint}: delivered {Event} {DeliveryId} on attempt {Attempt}")]
    private partial void LogDelivered(string endpoint, string @event, string deliveryId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Endpoint}: attempt {Attempt} of {DeliveryId} failed ({Reason}); retrying in {Backoff}")]
    private partial void LogRetrying(string endpoint, string deliveryId, int attempt, string reason, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Endpoint}: gave up on {Event} {DeliveryId} after {Attempts} attempts ({Reason})")]
    private partial void LogGaveUp(string endpoint, string @event, string deliveryId, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {Endpoint}: delivery loop error")]
    private partial void LogLoopError(string endpoint, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Endpoint}: stopping with {Count} deliveries not sent")]
    private partial void LogUndelivered(string endpoint, int count);
}
