using System.Diagnostics;
using System.Text.Json;
using CxGrains.Abstractions;
using CxGrains.Grains.Live;
using CxGrains.TestSupport;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CxGrains.Live.Tests;

/// <summary>The hub in a two-silo cluster, with the grains it watches living on either silo.</summary>
[Collection(TwoSiloCollection.Name)]
public sealed class HubTests(TwoSiloFixture cluster, ITestOutputHelper output)
{
    private const string Window = "ONE_HOUR";

    [Fact]
    public async Task A_client_gets_the_snapshot_then_an_update_within_a_second_of_events_for_a_touchpoint_living_on_the_other_host()
    {
        using var ingest = new TestIngest(cluster.B.GrpcPort, cluster.Keys.Ingest);
        var (touchpoint, otherHost) = await TouchpointAndTheHostItDoesNotLiveOnAsync(ingest);

        await using var hub = otherHost.Hub(cluster.Keys.Reader);
        var inbox = new HubInbox(hub);
        await hub.StartAsync();
        await hub.InvokeAsync("Watch", $"touchpoint/{touchpoint}", Window);
        var (snapshot, _) = await inbox.NextUpdateAsync(u => HubInbox.Topic(u) == $"touchpoint/{touchpoint}", "snapshot on Watch");
        Assert.Equal(1, HubInbox.Events(snapshot));
        Assert.Equal(Window, snapshot.GetProperty("window").GetString());
        Assert.Equal(touchpoint, snapshot.GetProperty("view").GetProperty("touchpointId").GetString());
        Assert.Equal(snapshot.GetProperty("asOf").GetString(), snapshot.GetProperty("view").GetProperty("asOf").GetString());

        // The grain pushed its first event already; once a push interval has passed, the next
        // change goes out on the leading edge.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var sent = Stopwatch.GetTimestamp();
        await ingest.SubmitAsync([TestIngest.Csat(touchpoint, 2, "EU"), TestIngest.Csat(touchpoint, 5, "EU")]);
        var (update, at) = await inbox.NextUpdateAsync(u => HubInbox.Events(u) == 3, "update with the two new events");
        var latency = Stopwatch.GetElapsedTime(sent, at);
        output.WriteLine($"event → push: {latency.TotalMilliseconds:F0} ms");
        Assert.True(latency < TimeSpan.FromSeconds(1), $"The update took {latency.TotalMilliseconds:F0} ms.");

        var csat = update.GetProperty("view").GetProperty("metrics").GetProperty("csat");
        Assert.Equal(3, csat.GetProperty("responses").GetInt64());
        Assert.Equal(100.0 * 2 / 3, csat.GetProperty("top2Percent").GetDouble(), 6);
    }

    [Fact]
    public async Task A_queue_view_pushed_to_the_hub_shows_exactly_the_reference_figures_of_a_seeded_stream()
    {
        using var ingest = new TestIngest(cluster.A.GrpcPort, cluster.Keys.Ingest);
        var queue = TestIngest.UniqueId("queue");
        var scenario = QueueScenario.Generate(23, 300, DateTime.UtcNow, Scoring.ServiceTarget.DefaultTargetWaitSeconds, 5);
        await using var hub = cluster.B.Hub(cluster.Keys.Reader);
        var inbox = new HubInbox(hub);
        await hub.StartAsync();
        await hub.InvokeAsync("Watch", $"touchpoint/{queue}", Window);

        var accepted = 0;
        foreach (var chunk in scenario.Steps.Chunk(100))
        {
            accepted += (await ingest.SubmitQueueAsync(chunk.Select(step => QueueContract.ToEvent(step, queue)))).Accepted;
        }

        Assert.Equal(scenario.Applied, accepted);
        var (update, _) = await inbox.NextUpdateAsync(
            u => HubInbox.Topic(u) == $"touchpoint/{queue}" && u.GetProperty("view").GetProperty("lifetimeEvents").GetInt64() == scenario.Applied,
            "a push with every queue step");
        var view = Google.Protobuf.JsonParser.Default.Parse<Contracts.V1.TouchpointView>(update.GetProperty("view").GetRawText());
        QueueContract.AssertMatches(scenario.Expected, view.Queue, view.AsOf.ToDateTime());
    }

    [Fact]
    public async Task No_push_while_nothing_changes()
    {
        using var ingest = new TestIngest(cluster.B.GrpcPort, cluster.Keys.Ingest);
        var touchpoint = TestIngest.UniqueId("tp-quiet");
        await ingest.SubmitAsync([TestIngest.Csat(touchpoint, 4, "EU")]);
        var grain = cluster.A.Services.GetRequiredService<IGrainFactory>().GetGrain<ITouchpointGrain>(touchpoint);
        await Eventually.TrueAsync(async () => (await grain.GetSnapshot(Scoring.WindowKind.OneHour))?.LifetimeEvents == 1, "the touchpoint has its event");
        // Let the push of that change go by before watching, so the only message is the snapshot.
        await Task.Delay(TimeSpan.FromSeconds(1));

        await using var hub = cluster.A.Hub(cluster.Keys.Reader);
        var inbox = new HubInbox(hub);
        await hub.StartAsync();
        await hub.InvokeAsync("Watch", $"touchpoint/{touchpoint}", Window);
        await inbox.NextUpdateAsync(u => HubInbox.Events(u) == 1, "snapshot with the event");

        // Three push intervals with no event for this touchpoint (other tests' events are
        // elsewhere): nothing may arrive.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var unexpected = inbox.Drain();
        Assert.True(unexpected.Count == 0, $"Pushed without a change: {string.Join(" | ", unexpected.Select(u => u.GetRawText()))}");

        // And a change is still pushed afterwards: the silence was not a broken connection.
        await ingest.SubmitAsync([TestIngest.Csat(touchpoint, 1, "EU")]);
        await inbox.NextUpdateAsync(u => HubInbox.Events(u) == 2, "update after the quiet spell");
    }

    [Fact]
    public async Task A_window_that_changes_by_ageing_alone_is_pushed()
    {
        using var ingest = new TestIngest(cluster.A.GrpcPort, cluster.Keys.Ingest);
        var touchpoint = TestIngest.UniqueId("tp-ageing");

        // 45 s old: inside the one-minute window for another 10-15 s (5 s buckets), then gone.
        var old = TestIngest.Csat(touchpoint, 4, "EU");
        old.OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-45));
        await ingest.SubmitAsync([old]);

        await using var hub = cluster.A.Hub(cluster.Keys.Reader);
        var inbox = new HubInbox(hub);
        await hub.StartAsync();
        await Eventually.TrueAsync(async () =>
        {
            await hub.InvokeAsync("Watch", $"touchpoint/{touchpoint}", "ONE_MINUTE");
            return await inbox.TryNextUpdateAsync(u => HubInbox.Events(u) == 1, TimeSpan.FromSeconds(1)) is not null;
        }, "a snapshot with the event in the one-minute window");

        // No further event: the only reason for the next push is the bucket leaving the window.
        await inbox.NextUpdateAsync(u => HubInbox.Events(u) == 0, "a push of the one-minute window after the event aged out", timeoutSeconds: 40);
    }

    [Fact]
    public async Task Update_has_exactly_the_query_api_json_of_the_segment()
    {
        using var ingest = new TestIngest(cluster.B.GrpcPort, cluster.Keys.Ingest);
        var region = $"r{Guid.NewGuid():N}"[..12];
        var segment = $"region={region}";
        await ingest.SubmitAsync([TestIngest.Csat("tp-shape", 5, region), TestIngest.Csat("tp-shape", 3, region)]);

        await using var hub = cluster.A.Hub(cluster.Keys.Reader);
        var inbox = new HubInbox(hub);
        await hub.StartAsync();
        await hub.InvokeAsync("Watch", $"segment/{segment}", Window);
        var (snapshot, _) = await inbox.NextUpdateAsync(u => HubInbox.Events(u) == 2, "snapshot with both events");

        using var http = new HttpClient { BaseAddress = new Uri(cluster.A.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/segments/{Uri.EscapeDataString(segment)}?window={Window}");
        request.Headers.Add("x-api-key", cluster.Keys.Reader);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"GET answered {(int)response.StatusCode}");
        using var queried = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        // Same fields, same types, same values; only the instant differs.
        Assert.Equal(WithoutAsOf(queried.RootElement), WithoutAsOf(snapshot.GetProperty("view")));
    }

    [Fact]
    public async Task Alert_published_on_B_reaches_a_client_on_A()
    {
        await using var hub = cluster.A.Hub(cluster.Keys.Reader);
        var inbox = new HubInbox(hub);
        await hub.StartAsync();
        await hub.InvokeAsync("Watch", "alerts", "");

        var publisher = cluster.B.Services.GetRequiredService<ILivePublisher>();
        var id = TestIngest.UniqueId("alert");
        var raisedAt = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        var raised = new AlertSnapshot
        {
            AlertId = id,
            Rule = "low-csat",
            Subject = "touchpoint/queue-7",
            Status = AlertStatus.Raised,
            Value = 61.5,
            Threshold = 70,
            Message = "CSAT 61.5% < 70%",
            RaisedAtTicks = raisedAt.Ticks,
            UpdatedAtTicks = raisedAt.Ticks,
        };
        publisher.PublishAlert(raised);
        var alert = await inbox.NextAlertAsync(id);
        Assert.Equal("RAISED", alert.GetProperty("state").GetString());
        Assert.Equal("low-csat", alert.GetProperty("rule").GetString());
        Assert.Equal("touchpoint/queue-7", alert.GetProperty("subject").GetString());
        Assert.Equal(61.5, alert.GetProperty("value").GetDouble());
        Assert.Equal(70, alert.GetProperty("threshold").GetDouble());
        Assert.Equal("2026-03-01T12:00:00Z", alert.GetProperty("raisedAt").GetString());
        Assert.False(alert.TryGetProperty("resolvedAt", out _));

        var resolvedAt = raisedAt.AddMinutes(5);
        publisher.PublishAlert(raised with { Status = AlertStatus.Resolved, UpdatedAtTicks = resolvedAt.Ticks, ResolvedAtTicks = resolvedAt.Ticks });
        var resolved = await inbox.NextAlertAsync(id);
        Assert.Equal("RESOLVED", resolved.GetProperty("state").GetString());
        Assert.Equal("2026-03-01T12:05:00Z", resolved.GetProperty("resolvedAt").GetString());
    }

    [Fact]
    public async Task Watching_alerts_answers_with_the_alerts_raised_before_the_watch()
    {
        var id = TestIngest.UniqueId("raised-before");
        var raisedAt = new DateTime(2026, 3, 2, 8, 30, 0, DateTimeKind.Utc);
        var alerts = cluster.B.Services.GetRequiredService<IGrainFactory>().GetGrain<IAlertGrain>(AlertGrainKeys.Cluster);
        await alerts.Apply([new AlertChange
        {
            AlertId = id,
            Rule = "slow-queue",
            Subject = $"touchpoint/{id}",
            Kind = AlertChangeKind.Holds,
            Value = 240,
            Threshold = 120,
            Message = "mean wait 240 s > 120 s",
            AtTicks = raisedAt.Ticks,
        }]);

        await using var hub = cluster.A.Hub(cluster.Keys.Reader);
        var inbox = new HubInbox(hub);
        await hub.StartAsync();
        await hub.InvokeAsync("Watch", "alerts", "");

        var alert = await inbox.NextAlertAsync(id);
        Assert.Equal("RAISED", alert.GetProperty("state").GetString());
        Assert.Equal(240, alert.GetProperty("value").GetDouble());
        Assert.Equal("2026-03-02T08:30:00Z", alert.GetProperty("raisedAt").GetString());
    }

    [Fact]
    public async Task Hub_refuses_missing_and_ingest_keys_and_accepts_the_reader_key()
    {
        await using var anonymous = cluster.A.Hub(null);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);

        await using var ingestOnly = cluster.A.Hub(cluster.Keys.Ingest);
        var forbidden = await Assert.ThrowsAsync<HttpRequestException>(() => ingestOnly.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, forbidden.StatusCode);

        await using var unknown = cluster.A.Hub("not-a-configured-key-at-all");
        var unknownRefused = await Assert.ThrowsAsync<HttpRequestException>(() => unknown.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, unknownRefused.StatusCode);

        await using var reader = cluster.A.Hub(cluster.Keys.Reader);
        await reader.StartAsync();
        Assert.Equal(HubConnectionState.Connected, reader.State);
    }

    [Fact]
    public async Task A_browser_style_client_passes_the_key_as_a_token_which_other_routes_refuse()
    {
        // AccessTokenProvider is what browser clients use: Bearer on negotiate, access_token on the WebSocket.
        await using var hub = new HubConnectionBuilder()
            .WithUrl($"{cluster.A.BaseUrl}/hubs/cx", o => o.AccessTokenProvider = () => Task.FromResult<string?>(cluster.Keys.Reader))
            .Build();
        await hub.StartAsync();
        Assert.Equal(HubConnectionState.Connected, hub.State);

        // Outside the hub a key in the URL is ignored: it would end up in access logs.
        using var http = new HttpClient();
        using var response = await http.GetAsync($"{cluster.A.BaseUrl}/v1/alerts?access_token={Uri.EscapeDataString(cluster.Keys.Reader)}");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("segment/region=EU", "TWO_HOURS", "Bad window 'TWO_HOURS': use ONE_MINUTE, FIFTEEN_MINUTES, ONE_HOUR, ONE_DAY.")]
    [InlineData("segment/tier=gold|region=EU", "ONE_MINUTE", "not canonical")]
    [InlineData("customer/c1", "ONE_MINUTE", "unknown topic 'customer/c1': use 'segment/<key>', 'touchpoint/<id>' or 'alerts'.")]
    [InlineData("touchpoint/", "ONE_MINUTE", "touchpoint id must be 1–128 characters.")]
    public async Task Bad_topics_and_windows_get_a_clear_message(string topic, string window, string expected)
    {
        await using var hub = cluster.A.Hub(cluster.Keys.Reader);
        await hub.StartAsync();
        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Watch", topic, window));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_export_hub_connections_and_pushes()
    {
        await using var hub = cluster.A.Hub(cluster.Keys.Reader);
        await hub.StartAsync();
        await hub.InvokeAsync("Watch", "segment/all", Window);

        using var http = new HttpClient { BaseAddress = new Uri(cluster.A.BaseUrl) };
        var text = await Eventually.ValueAsync(() => http.GetStringAsync("/metrics"),
            t => t.Contains("cx_signalr_connections", StringComparison.Ordinal) && t.Contains("cx_signalr_pushes", StringComparison.Ordinal),
            "hub metrics exported");
        var connections = text.Split('\n').First(l => l.StartsWith("cx_signalr_connections", StringComparison.Ordinal));
        Assert.True(double.Parse(connections.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture) >= 1, connections);
    }

    // Orleans places the touchpoint (resource-optimised placement: usually on the silo that first
    // calls it, which depends on load), so the client connects to the host it does not live on.
    private async Task<(string Touchpoint, LiveHost OtherHost)> TouchpointAndTheHostItDoesNotLiveOnAsync(TestIngest ingest)
    {
        var touchpoint = TestIngest.UniqueId("tp");
        await ingest.SubmitAsync([TestIngest.Csat(touchpoint, 4, "EU")]);
        var grains = cluster.B.Services.GetRequiredService<IGrainFactory>();
        var grain = grains.GetGrain<ITouchpointGrain>(touchpoint);
        await Eventually.TrueAsync(async () => (await grain.GetSnapshot(Scoring.WindowKind.OneHour))?.LifetimeEvents == 1, $"{touchpoint} has its event");
        var livesOn = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        var siloA = cluster.A.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        output.WriteLine($"{touchpoint} lives on silo {(siloA.Equals(livesOn) ? "A" : "B")}");
        return (touchpoint, siloA.Equals(livesOn) ? cluster.B : cluster.A);
    }

    private static string WithoutAsOf(JsonElement view)
    {
        var copy = System.Text.Json.Nodes.JsonNode.Parse(view.GetRawText())!.AsObject();
        copy.Remove("asOf");
        return copy.ToJsonString();
    }
}
