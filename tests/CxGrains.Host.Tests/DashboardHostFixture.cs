using CxGrains.TestingHost;

namespace CxGrains.Host.Tests;

/// <summary>A CxGrains host (silo and front end) with <c>Cx:Dashboard:Enabled</c>, on free ports, its logs captured.</summary>
public sealed class DashboardHostFixture() : ApiHostFixture("cx-dashboard-tests")
{
    public string ReaderKey { get; } = $"reader-{Guid.NewGuid():N}";

    public string AdminKey { get; } = $"admin-{Guid.NewGuid():N}";

    // Basic credentials carry the key too (base64): neither form may reach a log.
    protected override IEnumerable<string> Secrets => new[] { ReaderKey, AdminKey }
        .SelectMany(k => new[] { k, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("ops:" + k)) });

    // No redirects followed, so every answer is the dashboard's own.
    protected override HttpMessageHandler HttpHandler() => new SocketsHttpHandler { AllowAutoRedirect = false };

    protected override Dictionary<string, string?> Settings(string sqlitePath) => new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Debug",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Microsoft.Orleans"] = "Warning",
        ["Cx:Dashboard:Enabled"] = "true",
    }
    .WithSqlite(sqlitePath)
    .WithKeys(new HostKey(ReaderKey, "reader", "dashboard-reader"), new HostKey(AdminKey, "admin", "dashboard-admin"));
}
