using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CxGrains.Host.Security;
using CxGrains.TestSupport;

namespace CxGrains.Host.Tests;

/// <summary>The Orleans Dashboard over real HTTP: admin keys only, by header or by a browser's Basic prompt.</summary>
public sealed class DashboardTests(DashboardHostFixture host) : IClassFixture<DashboardHostFixture>
{
    private const string Realm = "realm=\"CxGrains dashboard\"";

    [Fact]
    public async Task Without_credentials_the_dashboard_answers_401_with_a_Basic_challenge()
    {
        foreach (var path in new[] { "/dashboard", "/dashboard/", "/dashboard/DashboardCounters" })
        {
            using var response = await host.Http.GetAsync(path);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var challenge = Assert.Single(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
            Assert.Contains(Realm, challenge.Parameter, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_key_is_challenged_again()
    {
        using var response = await GetAsync("/dashboard/", Basic($"unknown-{Guid.NewGuid():N}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    [Fact]
    public async Task A_reader_key_is_forbidden_by_Basic_and_by_header()
    {
        using var basic = await GetAsync("/dashboard/", Basic(host.ReaderKey));
        using var header = await GetAsync("/dashboard/DashboardCounters", ApiKeyHeader(host.ReaderKey));

        Assert.Equal(HttpStatusCode.Forbidden, basic.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, header.StatusCode);
    }

    [Fact]
    public async Task The_admin_key_opens_the_page_by_Basic()
    {
        using var redirect = await GetAsync("/dashboard", Basic(host.AdminKey));
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal("/dashboard/", redirect.Headers.Location?.OriginalString);

        using var page = await GetAsync("/dashboard/", Basic(host.AdminKey));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("index.min.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The script the page loads is served under the same path, with the same credentials.
        using var script = await GetAsync("/dashboard/index.min.js", Basic(host.AdminKey));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task The_admin_key_reads_the_dashboards_API_showing_this_silo()
    {
        // The dashboard grain samples the cluster every second: the first answers may predate this silo.
        var hosts = await Eventually.ValueAsync(async () =>
        {
            using var response = await GetAsync("/dashboard/DashboardCounters", ApiKeyHeader(host.AdminKey));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("totalActiveHostCount").GetInt32();
        }, count => count == 1, "the dashboard counts this silo");

        Assert.Equal(1, hosts);
    }

    [Fact]
    public async Task Basic_credentials_are_accepted_on_the_dashboard_only()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/alerts");
        request.Headers.Authorization = Basic(host.AdminKey);
        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    private static AuthenticationHeaderValue Basic(string key) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:" + key)));

    private static Action<HttpRequestMessage> ApiKeyHeader(string key) =>
        request => request.Headers.Add(ApiKeyAuthenticationHandler.HeaderName, key);

    private Task<HttpResponseMessage> GetAsync(string path, AuthenticationHeaderValue credentials) =>
        GetAsync(path, request => request.Headers.Authorization = credentials);

    private async Task<HttpResponseMessage> GetAsync(string path, Action<HttpRequestMessage> authenticate)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        authenticate(request);
        return await host.Http.SendAsync(request);
    }
}
