using CxGrains.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Alerts.Webhooks;

/// <summary>
/// The per-silo webhook sender. <see cref="Enqueue"/> only queues (one bounded queue per endpoint)
/// and returns: the alert grain never waits for an HTTP call. Background loops, started with the
/// silo, POST signed JSON (<see cref="WebhookSignature"/>, <see cref="WebhookPayload"/>).
/// </summary>
public sealed partial class AlertWebhookDispatcher : ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private readonly List<WebhookEndpoint> _endpoints;
    private readonly HttpClient _http;

    /// <summary>Creates the dispatcher for the configured endpoints.</summary>
    public AlertWebhookDispatcher(IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertWebhookDispatcher> logger)
    {
        var o = options.Value;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each attempt has its own timeout
        };
        _endpoints = [.. o.Webhooks.Select(w => new WebhookEndpoint(w, o.Delivery, _http, time, logger))];
    }

    /// <summary>Deliveries accepted by an endpoint (2xx).</summary>
    public long Delivered => _endpoints.Sum(e => Interlocked.Read(ref e.Delivered));

    /// <summary>Deliveries given up after the last attempt or a permanent (4xx) refusal.</summary>
    public long Failed => _endpoints.Sum(e => Interlocked.Read(ref e.Failed));

    /// <summary>Deliveries dropped because an endpoint's queue was full.</summary>
    public long Dropped => _endpoints.Sum(e => Interlocked.Read(ref e.Dropped));

    /// <summary>Queues a raised or resolved alert for every endpoint. Never blocks, never throws.</summary>
    public void Enqueue(AlertSnapshot alert)
    {
        if (_endpoints.Count == 0)
        {
            return;
        }

        var deliveryId = Guid.NewGuid().ToString("N");
        var delivery = new WebhookDelivery(deliveryId, WebhookPayload.EventOf(alert), WebhookPayload.Create(alert, deliveryId));
        foreach (var endpoint in _endpoints)
        {
            endpoint.Enqueue(delivery);
        }
    }

    /// <summary>Starts the sending loops (the silo does this when it becomes active).</summary>
    public void Start()
    {
        foreach (var endpoint in _endpoints)
        {
            // Returns at once: an endpoint's loop runs its first pass only when something is queued.
            _ = endpoint.StartAsync(CancellationToken.None);
        }
    }

    /// <summary>Stops the loops; queued deliveries that were not sent are logged and dropped.</summary>
    public Task StopAsync() => Task.WhenAll(_endpoints.Select(e => e.StopAsync(CancellationToken.None)));

    /// <inheritdoc />
    // Started before and stopped after the Active stage, so the alert reporter's last flush on shutdown can still queue.
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(AlertWebhookDispatcher), ServiceLifecycleStage.ApplicationServices, _ => { Start(); return Task.CompletedTask; }, _ => StopAsync());

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(); // nothing to do when stopped already
        foreach (var endpoint in _endpoints)
        {
            endpoint.Dispose();
        }

        _http.Dispose();
    }
}
