using System.Net;

namespace CxGrains.Host.Tests;

/// <summary>The Orleans Dashboard is off unless <c>Cx:Dashboard:Enabled</c> says otherwise.</summary>
[Collection(HostCollection.Name)]
public sealed class DashboardOffTests(HostFixture host)
{
    [Fact]
    public async Task By_default_there_is_no_dashboard_even_for_an_admin()
    {
        foreach (var path in new[] { "/dashboard", "/dashboard/", "/dashboard/DashboardCounters" })
        {
            using var request = HostFixture.Request(HttpMethod.Get, path, host.AdminKey);
            using var response = await host.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }
}
