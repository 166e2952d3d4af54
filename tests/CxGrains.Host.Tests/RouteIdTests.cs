using CxGrains.Contracts.V1;
using CxGrains.TestSupport;

namespace CxGrains.Host.Tests;

/// <summary>
/// Every id ingest accepts is reachable by every query route, over gRPC verbatim and over JSON encoded as a
/// user would encode it (<see cref="Uri.EscapeDataString(string)"/>).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class RouteIdTests(HostFixture host)
{
    public static TheoryData<string> Ids =>
    [
        "CRM/12345",
        "a/b/../c",
        "50%off",
        "a%2Fb",
        "with space",
        "quote\"d and o'brien",
        "Zürich-日本-ü",
        "a?b#c&d=e",
        "plus+sign",
    ];

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task A_customer_and_a_touchpoint_are_reachable_by_their_id(string id)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var customerId = $"{id} {suffix}";
        var touchpointId = $"tp {id} {suffix}";
        var ack = await host.Ingest.SubmitAsync(TestEvents.Batch([TestEvents.Valid(customerId, touchpointId)]), HostFixture.Key(host.IngestKey));
        Assert.Equal(1, ack.Accepted);

        var grpc = await host.FindCustomerAsync(customerId);
        Assert.NotNull(grpc);
        var json = await host.GetJsonAsync<CustomerView>($"/v1/customers/{Uri.EscapeDataString(customerId)}", host.ReaderKey);
        Assert.Equal(customerId, json.CustomerId);
        Assert.Equal(grpc.EventCount, json.EventCount);

        await Eventually.TrueAsync(async () => await host.FindTouchpointAsync(touchpointId) is not null, "the touchpoint's counts");
        var touchpoint = await host.GetJsonAsync<TouchpointView>($"/v1/touchpoints/{Uri.EscapeDataString(touchpointId)}?window=ONE_HOUR", host.ReaderKey);
        Assert.Equal(touchpointId, touchpoint.TouchpointId);
    }

    [Fact]
    public async Task A_segment_whose_value_has_a_slash_is_reachable_over_json()
    {
        var region = $"EU/West-{Guid.NewGuid():N}";
        var e = TestEvents.With(TestEvents.UniqueId("c"), TestEvents.UniqueId("tp"), DateTimeOffset.UtcNow.AddSeconds(-5),
            new Dictionary<string, string> { ["region"] = region }, _ => { });
        await host.Ingest.SubmitAsync(TestEvents.Batch([e]), HostFixture.Key(host.IngestKey));
        var key = $"region={region}";

        await Eventually.TrueAsync(async () => await host.FindSegmentAsync(key) is not null, "the segment's counts");
        var segment = await host.GetJsonAsync<SegmentView>($"/v1/segments/{Uri.EscapeDataString(key)}?window=ONE_HOUR", host.ReaderKey);
        Assert.Equal(key, segment.SegmentKey);
        var atRisk = await host.GetJsonAsync<ListAtRiskResponse>($"/v1/segments/{Uri.EscapeDataString(key)}/at-risk", host.ReaderKey);
        Assert.Equal(key, atRisk.SegmentKey);
    }

    [Fact]
    public async Task A_customer_with_a_slash_is_erased_over_json()
    {
        var customerId = $"CRM/{Guid.NewGuid():N}";
        await host.Ingest.SubmitAsync(TestEvents.Batch([TestEvents.Valid(customerId, "tp-erase-route")]), HostFixture.Key(host.IngestKey));

        using var request = HostFixture.Request(HttpMethod.Delete, $"/v1/customers/{Uri.EscapeDataString(customerId)}", host.AdminKey);
        using var response = await host.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"DELETE answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Null(await host.FindCustomerAsync(customerId));
    }
}
