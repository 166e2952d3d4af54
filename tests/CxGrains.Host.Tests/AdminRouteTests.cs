using System.Net;
using CxGrains.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CxGrains.Host.Tests;

/// <summary>The recompute's JSON routes over the host's real HTTP port (the host runs ack mode applied).</summary>
[Collection(HostCollection.Name)]
public sealed class AdminRouteTests(HostFixture fixture)
{
    private static StartRecomputeRequest FromAnHourAgo() => new() { From = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)) };

    [Fact]
    public async Task Starting_a_recompute_in_ack_mode_applied_fails_with_a_precondition_that_names_the_setting()
    {
        using var request = HostFixture.Request(HttpMethod.Post, "/v1/admin/recompute", fixture.AdminKey, FromAnHourAgo());
        using var response = await fixture.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"code\":9", body); // FAILED_PRECONDITION
        Assert.Contains("Cx:Durability:AckMode=Durable", body);
    }

    [Fact]
    public async Task Only_admin_keys_may_start_or_read_a_recompute()
    {
        using var start = HostFixture.Request(HttpMethod.Post, "/v1/admin/recompute", fixture.ReaderKey, FromAnHourAgo());
        using var started = await fixture.Http.SendAsync(start);
        Assert.Equal(HttpStatusCode.Forbidden, started.StatusCode);

        using var read = HostFixture.Request(HttpMethod.Get, $"/v1/admin/recompute/{Guid.NewGuid()}", fixture.ReaderKey);
        using var answer = await fixture.Http.SendAsync(read);
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
    }

    [Fact]
    public async Task An_unknown_run_is_not_found_and_a_start_without_from_is_invalid()
    {
        using var read = HostFixture.Request(HttpMethod.Get, $"/v1/admin/recompute/{Guid.NewGuid()}", fixture.AdminKey);
        using var answer = await fixture.Http.SendAsync(read);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);

        using var start = HostFixture.Request(HttpMethod.Post, "/v1/admin/recompute", fixture.AdminKey, new StartRecomputeRequest());
        using var started = await fixture.Http.SendAsync(start);
        Assert.Equal(HttpStatusCode.BadRequest, started.StatusCode);
        Assert.Contains("from is required", await started.Content.ReadAsStringAsync());
    }
}
