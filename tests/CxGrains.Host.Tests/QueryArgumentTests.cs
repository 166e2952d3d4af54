using System.Net;
using CxGrains.Contracts.V1;
using CxGrains.TestSupport;
using Grpc.Core;

namespace CxGrains.Host.Tests;

/// <summary>Bad query arguments get INVALID_ARGUMENT (400), unknown subjects NOT_FOUND (404).</summary>
[Collection(HostCollection.Name)]
public sealed class QueryArgumentTests(HostFixture host)
{
    public static TheoryData<string> NonCanonicalKeys =>
    [
        "tier=gold|region=EU",
        "region=",
        "",
        "=EU",
        "region",
        "region=EU|region=US",
        "all|region=EU",
    ];

    [Theory]
    [MemberData(nameof(NonCanonicalKeys))]
    public async Task Non_canonical_segment_key_is_an_invalid_argument(string key)
    {
        await AssertStatusAsync(StatusCode.InvalidArgument,
            () => host.Query.GetSegmentAsync(new GetSegmentRequest { SegmentKey = key }, Reader).ResponseAsync);
        await AssertStatusAsync(StatusCode.InvalidArgument,
            () => host.Query.ListAtRiskAsync(new ListAtRiskRequest { SegmentKey = key }, Reader).ResponseAsync);
    }

    [Fact]
    public async Task Non_canonical_segment_key_over_json_is_a_bad_request()
    {
        Assert.Equal(HttpStatusCode.BadRequest, await GetStatusAsync($"/v1/segments/{Uri.EscapeDataString("tier=gold|region=EU")}?window=ONE_HOUR"));
        Assert.Equal(HttpStatusCode.BadRequest, await GetStatusAsync($"/v1/segments/{Uri.EscapeDataString("region=")}/at-risk"));
    }

    [Theory]
    [InlineData(5000)]
    [InlineData(1001)]
    [InlineData(-1)]
    public async Task At_risk_limit_outside_1_to_1000_is_an_invalid_argument(int limit)
    {
        await AssertStatusAsync(StatusCode.InvalidArgument,
            () => host.Query.ListAtRiskAsync(new ListAtRiskRequest { SegmentKey = "all", Limit = limit }, Reader).ResponseAsync);
        Assert.Equal(HttpStatusCode.BadRequest, await GetStatusAsync($"/v1/segments/all/at-risk?limit={limit}"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    public async Task At_risk_limit_inside_the_range_is_accepted(int limit)
    {
        var response = await host.Query.ListAtRiskAsync(new ListAtRiskRequest { SegmentKey = $"region={Guid.NewGuid():N}", Limit = limit }, Reader);
        Assert.Empty(response.Customers);
    }

    [Fact]
    public async Task Unknown_touchpoint_customer_and_segment_are_not_found()
    {
        var id = TestEvents.UniqueId("unknown");

        await AssertStatusAsync(StatusCode.NotFound, () => host.Query.GetTouchpointAsync(new GetTouchpointRequest { TouchpointId = id }, Reader).ResponseAsync);
        await AssertStatusAsync(StatusCode.NotFound, () => host.Query.GetCustomerAsync(new GetCustomerRequest { CustomerId = id }, Reader).ResponseAsync);
        await AssertStatusAsync(StatusCode.NotFound, () => host.Query.GetSegmentAsync(new GetSegmentRequest { SegmentKey = $"region={id}" }, Reader).ResponseAsync);
        Assert.Equal(HttpStatusCode.NotFound, await GetStatusAsync($"/v1/touchpoints/{id}?window=ONE_HOUR"));
        Assert.Equal(HttpStatusCode.NotFound, await GetStatusAsync($"/v1/customers/{id}"));
    }

    [Fact]
    public async Task Invalid_window_is_an_invalid_argument()
    {
        var touchpoint = TestEvents.UniqueId("tp-window");
        var customer = TestEvents.UniqueId("c-window");
        var region = Guid.NewGuid().ToString("N");
        var e = TestEvents.Valid(customer, touchpoint);
        e.Attributes.Add("region", region);
        await host.Ingest.SubmitAsync(TestEvents.Batch([e]), HostFixture.Key(host.IngestKey));
        await Eventually.TrueAsync(async () => await host.FindTouchpointAsync(touchpoint) is not null, "touchpoint seen");
        await Eventually.TrueAsync(async () => await host.FindSegmentAsync($"region={region}") is not null, "segment seen");

        // The subjects exist: only the window is wrong.
        await AssertStatusAsync(StatusCode.InvalidArgument,
            () => host.Query.GetTouchpointAsync(new GetTouchpointRequest { TouchpointId = touchpoint, Window = (Window)42 }, Reader).ResponseAsync);
        await AssertStatusAsync(StatusCode.InvalidArgument,
            () => host.Query.GetSegmentAsync(new GetSegmentRequest { SegmentKey = $"region={region}", Window = (Window)42 }, Reader).ResponseAsync);
        Assert.Equal(HttpStatusCode.BadRequest, await GetStatusAsync($"/v1/touchpoints/{touchpoint}?window=FOREVER"));
        Assert.Equal(HttpStatusCode.BadRequest, await GetStatusAsync($"/v1/segments/{Uri.EscapeDataString($"region={region}")}?window=FOREVER"));
    }

    [Fact]
    public async Task Over_long_ids_are_invalid_arguments()
    {
        var tooLong = new string('x', 129);

        await AssertStatusAsync(StatusCode.InvalidArgument, () => host.Query.GetCustomerAsync(new GetCustomerRequest { CustomerId = tooLong }, Reader).ResponseAsync);
        await AssertStatusAsync(StatusCode.InvalidArgument, () => host.Query.GetTouchpointAsync(new GetTouchpointRequest { TouchpointId = tooLong }, Reader).ResponseAsync);
        await AssertStatusAsync(StatusCode.InvalidArgument, () => host.Query.GetCustomerAsync(new GetCustomerRequest { CustomerId = "" }, Reader).ResponseAsync);
    }

    private Metadata Reader => HostFixture.Key(host.ReaderKey);

    private async Task<HttpStatusCode> GetStatusAsync(string path)
    {
        using var request = HostFixture.Request(HttpMethod.Get, path, host.ReaderKey);
        using var response = await host.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task AssertStatusAsync(StatusCode expected, Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, ex.StatusCode);
    }
}
