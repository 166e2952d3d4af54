using System.Text.Json;
using CxGrains.Abstractions;
using CxGrains.Grains.Alerts;
using CxGrains.Grains.Alerts.Webhooks;
using CxGrains.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CxGrains.Grains.Tests;

/// <summary>The webhook dispatcher against real HTTP listeners on 127.0.0.1.</summary>
public sealed class AlertWebhookTests
{
    private const string Secret = "webhook-secret-0123456789";

    private static AlertWebhookDispatcher Dispatcher(params (string Url, string Secret)[] hooks) => new(
        Microsoft.Extensions.Options.Options.Create(new AlertOptions
        {
            Webhooks = [.. hooks.Select(h => new WebhookOptions { Url = h.Url, Secret = h.Secret })],
            Delivery = new WebhookDeliveryOptions
            {
                MaxAttempts = 4,
                InitialBackoff = TimeSpan.FromMilliseconds(20),
                MaxBackoff = TimeSpan.FromMilliseconds(100),
                Timeout = TimeSpan.FromSeconds(5),
                QueueCapacity = 2,
            },
        }),
        TimeProvider.System,
        NullLogger<AlertWebhookDispatcher>.Instance);

    private static AlertSnapshot Alert(string id, AlertStatus status = AlertStatus.Raised) => new()
    {
        AlertId = id,
        Rule = "abandon-high",
        Subject = "touchpoint/queue-1",
        Status = status,
        Value = 42.5,
        Threshold = 30,
        Message = "abandonPercent over 15m is 42.5 (above 30; n=40)",
        RaisedAtTicks = DateTimeOffset.UtcNow.AddMinutes(-1).UtcTicks,
        UpdatedAtTicks = DateTimeOffset.UtcNow.UtcTicks,
        ResolvedAtTicks = status == AlertStatus.Resolved ? DateTimeOffset.UtcNow.UtcTicks : null,
    };

    [Fact]
    public async Task Raised_and_resolved_alerts_arrive_signed()
    {
        using var receiver = new WebhookReceiver();
        await using var dispatcher = Dispatcher((receiver.Url, Secret));
        dispatcher.Start();
        var id = $"a-{Guid.NewGuid():N}";

        dispatcher.Enqueue(Alert(id));
        dispatcher.Enqueue(Alert(id, AlertStatus.Resolved));
        await Eventually.TrueAsync(() => Task.FromResult(receiver.For(id).Count == 2), "both deliveries received");

        var (raised, resolved) = (receiver.For(id)[0], receiver.For(id)[1]);
        foreach (var request in new[] { raised, resolved })
        {
            Assert.Equal("POST", request.Method);
            Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
            Assert.True(WebhookReceiver.SignatureIsValid(request, Secret, TimeSpan.FromMinutes(5)), "signature verifies with the shared secret");
            Assert.False(WebhookReceiver.SignatureIsValid(request, Secret + "x", TimeSpan.FromMinutes(5)), "another secret does not verify");
            Assert.False(WebhookReceiver.SignatureIsValid(request with { Body = [.. request.Body, (byte)' '] }, Secret, TimeSpan.FromMinutes(5)), "a changed body does not verify");
            Assert.Equal(request.DeliveryId, request.Json.GetProperty("deliveryId").GetString());
        }

        // Order kept per endpoint: raised first.
        Assert.Equal("alert.raised", raised.Event);
        Assert.Equal("alert.raised", raised.Json.GetProperty("event").GetString());
        Assert.Equal("RAISED", raised.Json.GetProperty("alert").GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, raised.Json.GetProperty("alert").GetProperty("resolvedAt").ValueKind);
        Assert.Equal(42.5, raised.Json.GetProperty("alert").GetProperty("value").GetDouble());
        Assert.Equal("touchpoint/queue-1", raised.Json.GetProperty("alert").GetProperty("subject").GetString());
        Assert.Equal("alert.resolved", resolved.Event);
        Assert.Equal("RESOLVED", resolved.Json.GetProperty("alert").GetProperty("state").GetString());
        Assert.NotEqual(JsonValueKind.Null, resolved.Json.GetProperty("alert").GetProperty("resolvedAt").ValueKind);
        Assert.Equal(2, dispatcher.Delivered);
    }

    [Fact]
    public async Task A_failing_endpoint_is_retried_until_it_accepts()
    {
        using var receiver = new WebhookReceiver(failFirst: 3);
        await using var dispatcher = Dispatcher((receiver.Url, Secret));
        dispatcher.Start();
        var id = $"a-{Guid.NewGuid():N}";

        dispatcher.Enqueue(Alert(id));
        await Eventually.TrueAsync(() => Task.FromResult(receiver.For(id).Count == 1), "delivery received after three failures");

        Assert.Equal(4, receiver.Requests);
        Assert.True(WebhookReceiver.SignatureIsValid(receiver.For(id)[0], Secret, TimeSpan.FromMinutes(5)));
        Assert.Equal(1, dispatcher.Delivered);
        Assert.Equal(0, dispatcher.Failed);
    }

    [Fact]
    public async Task Attempts_are_bounded_and_a_dead_endpoint_does_not_hold_up_another()
    {
        using var dead = new WebhookReceiver(failFirst: int.MaxValue);
        using var alive = new WebhookReceiver();
        await using var dispatcher = Dispatcher((dead.Url, Secret), (alive.Url, Secret));
        dispatcher.Start();
        var id = $"a-{Guid.NewGuid():N}";

        dispatcher.Enqueue(Alert(id));
        await Eventually.TrueAsync(() => Task.FromResult(alive.For(id).Count == 1), "the healthy endpoint received it");
        await Eventually.TrueAsync(() => Task.FromResult(dispatcher.Failed == 1), "the dead endpoint was given up on");
        Assert.Equal(4, dead.Requests); // MaxAttempts
        Assert.Empty(dead.Accepted);
    }

    [Fact]
    public async Task A_full_queue_drops_instead_of_blocking()
    {
        using var receiver = new WebhookReceiver();
        await using var dispatcher = Dispatcher((receiver.Url, Secret));

        // Not started: nothing drains the queue of capacity 2.
        for (var i = 0; i < 5; i++)
        {
            dispatcher.Enqueue(Alert($"a-{i}-{Guid.NewGuid():N}"));
        }

        Assert.Equal(3, dispatcher.Dropped);
        dispatcher.Start();
        await Eventually.TrueAsync(() => Task.FromResult(dispatcher.Delivered == 2), "the two queued deliveries are sent");
        Assert.Equal(2, receiver.Accepted.Count);
    }
}
