using CxGrains.TestingHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Tests;

/// <summary>A bad <c>Cx:Dashboard</c> setting stops the host as it is built, naming the setting.</summary>
public sealed class DashboardSettingsTests
{
    [Theory]
    [InlineData("dashboard", "Cx:Dashboard:Path must be a path such as /dashboard")]
    [InlineData("/dashboard/", "Cx:Dashboard:Path must be a path such as /dashboard")]
    [InlineData("/hubs/dashboard", "Cx:Dashboard:Path must not overlap /hubs")]
    [InlineData("/v1", "Cx:Dashboard:Path must not overlap /v1")]
    public void An_unusable_path_is_refused_at_start_up(string path, string message)
    {
        using var directory = new TempDirectory("cx-dashboard-settings");
        var error = Assert.Throws<OptionsValidationException>(() => CxHost.Create(["--environment", "Development"], c => c.AddInMemoryCollection(
            new Dictionary<string, string?>
            {
                ["Cx:Storage:SqlitePath"] = directory.Combine("cxgrains.db"),
                ["Cx:Dashboard:Enabled"] = "true",
                ["Cx:Dashboard:Path"] = path,
            })));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
