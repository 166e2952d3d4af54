using CxGrains.TestingHost;

namespace CxGrains.Cluster.Tests;

/// <summary>The host finds its own configuration file wherever it is started from, and says which files it loaded.</summary>
public sealed class ContentRootTests : IDisposable
{
    private readonly TempDirectory _elsewhere = new("cx-content-root");

    [Fact]
    public async Task A_host_started_from_another_directory_loads_its_appsettings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Cx:Storage:SqlitePath"] = _elsewhere.Combine("cxgrains.db"),
        };
        using var host = HostProcess.Start("elsewhere", TestHostSettings.OnFreePorts(settings), workingDirectory: _elsewhere.Path);

        var line = await host.LineContainingAsync("configuration files:", TimeSpan.FromSeconds(60));

        Assert.True(line is not null, host.Tail());
        var binary = Path.GetDirectoryName(HostBinary.Path)!;
        Assert.Contains($"Content root {binary}", line, StringComparison.Ordinal);
        Assert.Contains("appsettings.json,", line, StringComparison.Ordinal);
        Assert.DoesNotContain("appsettings.json (absent)", line, StringComparison.Ordinal);
    }

    public void Dispose() => _elsewhere.Dispose();
}
