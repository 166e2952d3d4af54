using CxGrains.TestingHost;

namespace CxGrains.Cluster.Tests;

/// <summary>A host says at start which garbage-collector settings took, so an operator sees a misspelt one.</summary>
public sealed class GarbageCollectorLogTests : IDisposable
{
    private readonly TempDirectory _data = new("cx-gc-settings");

    [Fact]
    public async Task A_host_logs_the_young_budget_and_adaptation_it_was_started_with()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Cx:Storage:SqlitePath"] = _data.Combine("cxgrains.db"),
            ["DOTNET_GCDynamicAdaptationMode"] = "0",
            ["DOTNET_GCGen0MaxBudget"] = "0x1000000",
        };
        using var host = HostProcess.Start("gc-settings", TestHostSettings.OnFreePorts(settings));

        var line = await host.LineContainingAsync("Garbage collector:", TimeSpan.FromSeconds(60));

        Assert.True(line is not null, host.Tail());
        Assert.Contains("server, background", line, StringComparison.Ordinal);
        Assert.Contains("dynamic adaptation (DATAS) off", line, StringComparison.Ordinal);
        Assert.Contains("young-generation budget at most 16 MiB per heap", line, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();
}
