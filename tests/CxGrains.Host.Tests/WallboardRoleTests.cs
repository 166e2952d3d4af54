using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using CxGrains.Contracts.V1;
using CxGrains.Host.Security;
using CxGrains.TestSupport;
using Grpc.Core;
using Microsoft.AspNetCore.SignalR.Client;

namespace CxGrains.Host.Tests;

/// <summary>
/// A wall screen's key (role <c>wallboard</c>) may watch the live hub and nothing else: no query, no
/// ingest, no erasure, and no alert that names a customer, live or in the list sent on watching.
/// </summary>
[Collection(AlertHostCollection.Name)]
public sealed class WallboardRoleTests(AlertHostFixture host)
{
    [Fact]
    public async Task A_wallboard_key_watches_figures_and_aggregate_alerts_but_never_sees_a_customer()
    {
        var touchpoint = TestEvents.UniqueId("tp-wall");
        var customer = TestEvents.UniqueId("c-wall-gold");
        var touchpointAlert = $"{AlertHostFixture.Rule}:touchpoint/{touchpoint}";
        var customerAlert = $"high-value-customer-critical:customer/{customer}";

        await using var reader = await WatchAlertsAsync(host.ReaderKey);
        await using var wall = await WatchAlertsAsync(host.WallboardKey);
        var update = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        wall.Connection.On<JsonElement>("update", u => update.TrySetResult(u));
        await wall.Connection.InvokeAsync("Watch", $"touchpoint/{touchpoint}", "ONE_HOUR");
        Assert.Equal($"touchpoint/{touchpoint}", (await update.Task.WaitAsync(TimeSpan.FromSeconds(10))).GetProperty("topic").GetString());

        // A touchpoint alert (6 of 12 contacts abandoned) and a gold customer turning critical.
        await SendAsync(Enumerable.Range(0, 12).Select(i => Event(TestEvents.UniqueId("c-wall"), touchpoint, "bronze",
            e => e.Contact = new Contact { WaitSeconds = 10, HandleSeconds = 60, Resolved = true, FirstContact = true, Abandoned = i < 6 })));
        await SendAsync(Enumerable.Range(0, 3).SelectMany(_ => new[]
        {
            Event(customer, touchpoint, "gold", e => e.Nps = new NpsResponse { Score = 0 }),
            Event(customer, touchpoint, "gold", e => e.Csat = new CsatResponse { Score = 1 }),
        }));

        await Eventually.TrueAsync(() => Task.FromResult(reader.Seen.ContainsKey(touchpointAlert) && reader.Seen.ContainsKey(customerAlert)), "the reader sees both alerts");
        await Eventually.TrueAsync(() => Task.FromResult(wall.Seen.ContainsKey(touchpointAlert)), "the wall screen sees the touchpoint alert");

        // Pushed in the same batches as the customer's: given time, it would have arrived by now.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(wall.Seen.Keys, id => id.Contains("customer/", StringComparison.Ordinal));

        // Watching anew sends the raised alerts: the touchpoint's, not the customer's.
        await using var later = await WatchAlertsAsync(host.WallboardKey);
        await Eventually.TrueAsync(() => Task.FromResult(later.Seen.ContainsKey(touchpointAlert)), "a new wall screen is sent the raised touchpoint alert");
        Assert.DoesNotContain(later.Seen.Keys, id => id.Contains("customer/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wallboard_key_cannot_query_ingest_or_erase()
    {
        var key = HostFixture.Key(host.WallboardKey);
        async Task<StatusCode> StatusOf(Func<Task> call)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(call);
            return ex.StatusCode;
        }

        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(async () => await host.Query.GetCustomerAsync(new GetCustomerRequest { CustomerId = "c1" }, key)));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(async () => await host.Query.ListAlertsAsync(new ListAlertsRequest(), key)));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(async () => await host.Query.ListAtRiskAsync(new ListAtRiskRequest { SegmentKey = "all" }, key)));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(async () => await host.Query.EraseCustomerAsync(new EraseCustomerRequest { CustomerId = "c1" }, key)));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(async () => await host.Ingest.SubmitAsync(TestEvents.Batch([TestEvents.Valid("c1", "tp")]), key)));

        foreach (var path in new[] { "/v1/customers/c1", "/v1/segments/all", "/v1/alerts" })
        {
            using var request = HostFixture.Request(HttpMethod.Get, path, host.WallboardKey);
            using var response = await host.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_saved_boards_are_served_to_keys_that_watch_and_to_no_other()
    {
        foreach (var (key, expected) in new[] { (host.WallboardKey, HttpStatusCode.OK), (host.ReaderKey, HttpStatusCode.OK), (host.IngestKey, HttpStatusCode.Forbidden) })
        {
            using var request = HostFixture.Request(HttpMethod.Get, "/v1/wallboard/boards", key);
            using var response = await host.Http.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
            if (expected == HttpStatusCode.OK)
            {
                using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var waiting = body.RootElement.GetProperty("thresholds").GetProperty("waiting");
                Assert.Equal(5, waiting.GetProperty("warning").GetDouble());
                Assert.Equal(10, waiting.GetProperty("critical").GetDouble());
                Assert.Equal(System.Text.Json.JsonValueKind.Array, body.RootElement.GetProperty("boards").ValueKind);
            }
        }

        using var anonymous = HostFixture.Request(HttpMethod.Get, "/v1/wallboard/boards", null);
        using var refused = await host.Http.SendAsync(anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private async Task<AlertWatcher> WatchAlertsAsync(string key)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.Http.BaseAddress!, "hubs/cx"), o => o.Headers[ApiKeyAuthenticationHandler.HeaderName] = key)
            .Build();
        var watcher = new AlertWatcher(connection);
        connection.On<JsonElement>("alert", a => watcher.Seen[a.GetProperty("alertId").GetString()!] = a);
        await connection.StartAsync();
        await connection.InvokeAsync("Watch", "alerts", "ONE_HOUR");
        return watcher;
    }

    private async Task SendAsync(IEnumerable<InteractionEvent> events)
    {
        var ack = await host.Ingest.SubmitAsync(TestEvents.Batch(events), HostFixture.Key(host.IngestKey));
        Assert.Empty(ack.Rejected);
    }

    private static InteractionEvent Event(string customer, string touchpoint, string tier, Action<InteractionEvent> payload) =>
        TestEvents.With(customer, touchpoint, DateTimeOffset.UtcNow.AddMinutes(-1), new Dictionary<string, string> { ["tier"] = tier }, payload);

    private sealed class AlertWatcher(HubConnection connection) : IAsyncDisposable
    {
        public HubConnection Connection => connection;

        public ConcurrentDictionary<string, JsonElement> Seen { get; } = new(StringComparer.Ordinal);

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
