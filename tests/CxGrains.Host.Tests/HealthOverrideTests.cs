using System.Net;
using CxGrains.Contracts.V1;
using CxGrains.TestSupport;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CxGrains.Host.Tests;

/// <summary>
/// Admin overrides of a customer's health over gRPC and JSON: shown beside the computed values,
/// audited, counted by segments and at-risk lists like a computed band, marked in the history,
/// ending by themselves at expiry, validated, and refused to reader keys.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class HealthOverrideTests(HostFixture host)
{
    private const string Reason = "escalated complaint, account review pending";

    [Fact]
    public async Task A_band_override_is_shown_audited_counted_by_the_segment_marked_in_history_and_cleared()
    {
        var region = $"override-{Guid.NewGuid():N}";
        var segment = $"region={region}";
        var customer = TestEvents.UniqueId("c-override");
        await MakeHealthyAsync(customer, region);
        var computed = await host.FindCustomerAsync(customer);
        Assert.Equal(HealthBand.Healthy, computed!.Band);
        await Eventually.ValueAsync(() => host.FindSegmentAsync(segment), s => s?.Health.Healthy == 1, "the segment counts the healthy customer");

        var expiresAt = DateTimeOffset.UtcNow.AddDays(2);
        var setAt = DateTimeOffset.UtcNow;
        var view = await host.Query.SetHealthOverrideAsync(new SetHealthOverrideRequest
        {
            CustomerId = customer,
            Band = HealthBand.Critical,
            Reason = Reason,
            ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt),
        }, HostFixture.Key(host.AdminKey));

        // The band is overridden, the computed score stays and is shown beside it.
        Assert.Equal(HealthBand.Critical, view.Band);
        Assert.Equal(view.HealthOverride.ComputedHealthScore, view.HealthScore);
        Assert.Equal(computed.HealthScore, view.HealthOverride.ComputedHealthScore, 2);
        Assert.Equal(HealthBand.Healthy, view.HealthOverride.ComputedBand);
        Assert.Equal(HealthOverride.ValueOneofCase.Band, view.HealthOverride.ValueCase);
        Assert.Equal(HealthBand.Critical, view.HealthOverride.Band);
        Assert.Equal(Reason, view.HealthOverride.Reason);
        Assert.Equal(HostFixture.AdminName, view.HealthOverride.SetBy);
        Assert.InRange(view.HealthOverride.SetAt.ToDateTimeOffset(), setAt.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(Timestamp.FromDateTimeOffset(expiresAt), view.HealthOverride.ExpiresAt);
        var read = (await host.FindCustomerAsync(customer))!.HealthOverride;
        Assert.Equal((view.HealthOverride.Band, view.HealthOverride.Reason, view.HealthOverride.SetBy, view.HealthOverride.SetAt, view.HealthOverride.ExpiresAt),
            (read.Band, read.Reason, read.SetBy, read.SetAt, read.ExpiresAt));

        // Counted like a computed band: the segment's distribution and its at-risk list follow.
        await Eventually.ValueAsync(() => host.FindSegmentAsync(segment), s => s?.Health.Critical == 1 && s.Health.Healthy == 0, "the segment counts the overridden band");
        Assert.Equal([customer], await ListAtRiskAsync(segment));

        var history = await host.Query.GetCustomerHistoryAsync(new GetCustomerHistoryRequest { CustomerId = customer }, HostFixture.Key(host.ReaderKey));
        var today = Assert.Single(history.Points);
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), today.Date);
        Assert.True(today.Overridden);
        Assert.Equal(HealthBand.Critical, today.Band);
        Assert.Equal(Math.Round(view.HealthScore * 100) / 100, today.HealthScore, 2);
        // The point names what scored it: the metric definitions and the customer's scorecard.
        Assert.Equal(view.MetricVersion, today.MetricVersion);
        Assert.Equal("cx-metrics/1;scorecard=default@1", today.MetricVersion);

        var cleared = await host.Query.ClearHealthOverrideAsync(new ClearHealthOverrideRequest { CustomerId = customer }, HostFixture.Key(host.AdminKey));
        Assert.Null(cleared.HealthOverride);
        Assert.Equal(HealthBand.Healthy, cleared.Band);
        await Eventually.ValueAsync(() => host.FindSegmentAsync(segment), s => s?.Health.Healthy == 1 && s.Health.Critical == 0, "the segment counts the computed band again");
        Assert.Empty(await ListAtRiskAsync(segment));
        Assert.False((await host.Query.GetCustomerHistoryAsync(new GetCustomerHistoryRequest { CustomerId = customer }, HostFixture.Key(host.ReaderKey))).Points.Single().Overridden);
    }

    [Fact]
    public async Task A_score_override_over_json_sets_the_score_and_its_band_and_the_history_route_lists_it()
    {
        var customer = TestEvents.UniqueId("c-override-json");
        await MakeHealthyAsync(customer, $"override-json-{Guid.NewGuid():N}");

        using var request = HostFixture.Request(HttpMethod.Post, $"/v1/customers/{customer}/health-override", host.AdminKey);
        request.Content = Json($$"""{"healthScore": 35, "reason": "{{Reason}}", "expiresAt": "{{DateTimeOffset.UtcNow.AddHours(1):O}}"}""");
        using var response = await host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var view = JsonParser.Default.Parse<CustomerView>(body);

        Assert.Equal(35, view.HealthScore);
        Assert.Equal(HealthBand.Critical, view.Band);
        Assert.Equal(35, view.HealthOverride.HealthScore);
        Assert.Equal(HealthBand.Healthy, view.HealthOverride.ComputedBand);
        Assert.True(view.HealthOverride.ComputedHealthScore >= 70);

        var read = await host.GetJsonAsync<CustomerView>($"/v1/customers/{customer}", host.ReaderKey);
        Assert.Equal(35, read.HealthScore);
        Assert.Equal(HostFixture.AdminName, read.HealthOverride.SetBy);

        // The trend has no point 7 or 30 days back for a customer first seen today.
        Assert.False(read.HasTrend7Days);
        Assert.False(read.HasTrend30Days);

        var history = await host.GetJsonAsync<CustomerHistory>($"/v1/customers/{customer}/history", host.ReaderKey);
        var point = Assert.Single(history.Points);
        Assert.Equal((35.0, HealthBand.Critical, true), (point.HealthScore, point.Band, point.Overridden));

        using var clear = HostFixture.Request(HttpMethod.Delete, $"/v1/customers/{customer}/health-override", host.AdminKey);
        using var cleared = await host.Http.SendAsync(clear);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Null(JsonParser.Default.Parse<CustomerView>(await cleared.Content.ReadAsStringAsync()).HealthOverride);
    }

    [Fact]
    public async Task An_override_ends_by_itself_at_its_expiry()
    {
        var region = $"override-expiry-{Guid.NewGuid():N}";
        var customer = TestEvents.UniqueId("c-override-expiry");
        await MakeHealthyAsync(customer, region);
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(3);
        await host.Query.SetHealthOverrideAsync(new SetHealthOverrideRequest
        {
            CustomerId = customer,
            HealthScore = 20,
            Reason = Reason,
            ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt),
        }, HostFixture.Key(host.AdminKey));
        await Eventually.ValueAsync(() => host.FindSegmentAsync($"region={region}"), s => s?.Health.Critical == 1, "the segment counts the overridden band");

        var before = await host.FindCustomerAsync(customer);
        Assert.True(DateTimeOffset.UtcNow < expiresAt, "read before the expiry");
        Assert.Equal((20.0, HealthBand.Critical), (before!.HealthScore, before.Band));

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50));
        var after = await host.FindCustomerAsync(customer);
        Assert.Null(after!.HealthOverride);
        Assert.Equal(HealthBand.Healthy, after.Band);
        Assert.True(after.HealthScore >= 70);

        // Settled on that read: the segment counts the computed band again without a new event.
        await Eventually.ValueAsync(() => host.FindSegmentAsync($"region={region}"), s => s?.Health.Healthy == 1 && s.Health.Critical == 0, "the segment counts the computed band");
    }

    public static TheoryData<string, string> InvalidRequests => new()
    {
        { "none", "set either health_score or band" },
        { "score:101", "health_score must be 0" },
        { "score:-0.5", "health_score must be 0" },
        { "band:unspecified", "band must be HEALTHY, AT_RISK or CRITICAL" },
        { "reason:", "reason is required" },
        { "reason:   ", "reason is required" },
        { "reason:long", "reason must be at most 500 characters" },
        { "expiry:none", "expires_at is required" },
        { "expiry:past", "expires_at must be in the future" },
        { "expiry:91d", "expires_at must be at most 90 days ahead" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task An_invalid_override_is_refused_with_its_reason_over_grpc_and_json(string breaks, string message)
    {
        var customer = TestEvents.UniqueId("c-override-invalid");
        await MakeHealthyAsync(customer, "override-invalid");
        var request = Broken(customer, breaks);

        var grpc = await Assert.ThrowsAsync<RpcException>(() => host.Query.SetHealthOverrideAsync(request, HostFixture.Key(host.AdminKey)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, grpc.StatusCode);
        Assert.Contains(message, grpc.Status.Detail, StringComparison.Ordinal);

        using var json = HostFixture.Request(HttpMethod.Post, $"/v1/customers/{customer}/health-override", host.AdminKey, request);
        using var response = await host.Http.SendAsync(json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await host.FindCustomerAsync(customer))!.HealthOverride);
    }

    [Fact]
    public async Task Only_an_admin_key_sets_or_clears_an_override_and_unknown_customers_are_not_found()
    {
        var customer = TestEvents.UniqueId("c-override-auth");
        await MakeHealthyAsync(customer, "override-auth");
        var request = Broken(customer, "valid");

        var set = await Assert.ThrowsAsync<RpcException>(() => host.Query.SetHealthOverrideAsync(request, HostFixture.Key(host.ReaderKey)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, set.StatusCode);
        var clear = await Assert.ThrowsAsync<RpcException>(() => host.Query.ClearHealthOverrideAsync(new ClearHealthOverrideRequest { CustomerId = customer }, HostFixture.Key(host.ReaderKey)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, clear.StatusCode);
        using var json = HostFixture.Request(HttpMethod.Post, $"/v1/customers/{customer}/health-override", host.ReaderKey, request);
        using var forbidden = await host.Http.SendAsync(json);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var anonymous = HostFixture.Request(HttpMethod.Post, $"/v1/customers/{customer}/health-override", null, request);
        using var unauthenticated = await host.Http.SendAsync(anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Null((await host.FindCustomerAsync(customer))!.HealthOverride);

        var unknown = TestEvents.UniqueId("c-override-unknown");
        var notFound = await Assert.ThrowsAsync<RpcException>(() => host.Query.SetHealthOverrideAsync(Broken(unknown, "valid"), HostFixture.Key(host.AdminKey)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        var noHistory = await Assert.ThrowsAsync<RpcException>(() => host.Query.GetCustomerHistoryAsync(new GetCustomerHistoryRequest { CustomerId = unknown }, HostFixture.Key(host.ReaderKey)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, noHistory.StatusCode);
    }

    private static SetHealthOverrideRequest Broken(string customer, string breaks)
    {
        var request = new SetHealthOverrideRequest
        {
            CustomerId = customer,
            Band = HealthBand.AtRisk,
            Reason = Reason,
            ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
        };
        switch (breaks)
        {
            case "none": request.ClearValue(); break;
            case "score:101": request.HealthScore = 101; break;
            case "score:-0.5": request.HealthScore = -0.5; break;
            case "band:unspecified": request.Band = HealthBand.Unspecified; break;
            case "reason:": request.Reason = ""; break;
            case "reason:   ": request.Reason = "   "; break;
            case "reason:long": request.Reason = new string('r', 501); break;
            case "expiry:none": request.ExpiresAt = null; break;
            case "expiry:past": request.ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)); break;
            case "expiry:91d": request.ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(91)); break;
        }

        return request;
    }

    // Promoter answers and top CSAT: a healthy customer in its own region.
    private async Task MakeHealthyAsync(string customerId, string region)
    {
        var attributes = new Dictionary<string, string> { ["tier"] = "gold", ["region"] = region };
        var touchpoint = TestEvents.UniqueId("tp-override");
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, 4).Select(i => TestEvents.With(customerId, touchpoint, now.AddMinutes(-5 + i), attributes,
            e => { if (i % 2 == 0) { e.Nps = new NpsResponse { Score = 10 }; } else { e.Csat = new CsatResponse { Score = 5 }; } }));

        var ack = await host.Ingest.SubmitAsync(TestEvents.Batch(events), HostFixture.Key(host.IngestKey));

        Assert.Empty(ack.Rejected);
    }

    private async Task<List<string>> ListAtRiskAsync(string segment)
    {
        var response = await host.Query.ListAtRiskAsync(new ListAtRiskRequest { SegmentKey = segment, Limit = 100 }, HostFixture.Key(host.ReaderKey));
        return [.. response.Customers.Select(c => c.CustomerId)];
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
