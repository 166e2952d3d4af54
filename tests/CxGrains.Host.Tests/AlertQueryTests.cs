using CxGrains.Contracts.V1;
using CxGrains.TestSupport;
using Google.Protobuf;
using Grpc.Core;

namespace CxGrains.Host.Tests;

/// <summary>
/// Events ingested over gRPC push a touchpoint past an alert rule and back; <c>ListAlerts</c> over
/// gRPC and JSON shows the alert raised, then resolved, and the webhook receives both, signed.
/// </summary>
[Collection(AlertHostCollection.Name)]
public sealed class AlertQueryTests(AlertHostFixture host)
{
    [Fact]
    public async Task Ingested_events_raise_and_resolve_an_alert_seen_in_ListAlerts_and_the_webhook()
    {
        var touchpoint = TestEvents.UniqueId("tp-host-alert");
        var alertId = $"{AlertHostFixture.Rule}:touchpoint/{touchpoint}";

        // 6 of 12 contacts abandoned: 50 % > 30.
        await SendContactsAsync(touchpoint, answered: 6, abandoned: 6);
        var raised = await Eventually.ValueAsync(() => FindAsync(alertId, activeOnly: true), a => a is not null, "alert listed as raised");
        Assert.Equal(AlertState.Raised, raised!.State);
        Assert.Equal(50, raised.Value, 9);
        Assert.Equal(30, raised.Threshold);
        Assert.Equal($"touchpoint/{touchpoint}", raised.Subject);
        Assert.Null(raised.ResolvedAt);
        Assert.Contains("abandonPercent", raised.Message, StringComparison.Ordinal);

        var json = await GetJsonAsync("/v1/alerts?activeOnly=true");
        var jsonAlert = Assert.Single(json.Alerts, a => a.AlertId == alertId);
        Assert.Equal(raised, jsonAlert);

        // 6 of 48 is 12.5 %. The rule resolves at 15 % or less, which the touchpoint may reach before all 36 answers
        // have arrived (a flush can carry part of them): 6 of 40 at the earliest.
        await SendContactsAsync(touchpoint, answered: 36, abandoned: 0);
        var resolved = await Eventually.ValueAsync(() => FindAsync(alertId, activeOnly: false), a => a?.State == AlertState.Resolved, "alert listed as resolved");
        Assert.InRange(resolved!.Value, 12.5, 15);
        Assert.Equal(raised.RaisedAt, resolved.RaisedAt);
        Assert.NotNull(resolved.ResolvedAt);
        Assert.Null(await FindAsync(alertId, activeOnly: true));
        Assert.DoesNotContain((await GetJsonAsync("/v1/alerts?activeOnly=true")).Alerts, a => a.AlertId == alertId);
        Assert.Contains((await GetJsonAsync("/v1/alerts")).Alerts, a => a.AlertId == alertId && a.State == AlertState.Resolved);

        var hooks = await Eventually.ValueAsync(() => Task.FromResult(host.Webhooks.For(alertId)), h => h.Count >= 2, "webhooks received");
        Assert.Equal(["alert.raised", "alert.resolved"], hooks.Select(h => h.Event));
        Assert.All(hooks, h => Assert.True(WebhookReceiver.SignatureIsValid(h, AlertHostFixture.WebhookSecret, TimeSpan.FromMinutes(5))));
        Assert.Equal(alertId, hooks[1].AlertId);
    }

    [Fact]
    public async Task ListAlerts_needs_the_reader_key()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await host.Query.ListAlertsAsync(new ListAlertsRequest()));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    private async Task<Alert?> FindAsync(string alertId, bool activeOnly)
    {
        var response = await host.Query.ListAlertsAsync(new ListAlertsRequest { ActiveOnly = activeOnly }, HostFixture.Key(host.ReaderKey));
        return response.Alerts.FirstOrDefault(a => a.AlertId == alertId);
    }

    private async Task<ListAlertsResponse> GetJsonAsync(string path)
    {
        using var request = HostFixture.Request(HttpMethod.Get, path, host.ReaderKey);
        using var response = await host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonParser.Default.Parse<ListAlertsResponse>(body);
    }

    private async Task SendContactsAsync(string touchpoint, int answered, int abandoned)
    {
        var customer = TestEvents.UniqueId("c-alert");
        var attributes = new Dictionary<string, string> { ["region"] = "ALERTS", ["tier"] = "bronze" };
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var events = Enumerable.Range(0, answered + abandoned).Select(i => TestEvents.With(customer, touchpoint, at, attributes, e => e.Contact = new Contact
        {
            WaitSeconds = 10,
            HandleSeconds = 120,
            Resolved = true,
            FirstContact = true,
            Abandoned = i < abandoned,
        }));
        var ack = await host.Ingest.SubmitAsync(TestEvents.Batch(events), HostFixture.Key(host.IngestKey));
        Assert.Empty(ack.Rejected);
    }
}
