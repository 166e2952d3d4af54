using CxGrains.Host.Hosting;

namespace CxGrains.Host.Tests;

public sealed class GarbageCollectorSettingsTests
{
    [Fact]
    public void Describes_a_server_collector_with_its_heaps_adaptation_and_budget()
    {
        var variables = new Dictionary<string, object>
        {
            ["ServerGC"] = true,
            ["ConcurrentGC"] = true,
            ["HeapCount"] = 2L,
            ["GCDynamicAdaptationMode"] = 1L,
            ["GCGen0MaxBudget"] = 209_715_200L,
        };

        Assert.Equal(
            "server, background, 2 heap(s), dynamic adaptation (DATAS) on, young-generation budget at most 200 MiB per heap",
            GarbageCollectorSettings.Describe(variables));
    }

    [Fact]
    public void Describes_a_workstation_collector_without_a_reported_budget()
    {
        var variables = new Dictionary<string, object>
        {
            ["ServerGC"] = false,
            ["ConcurrentGC"] = false,
            ["HeapCount"] = 1L,
            ["GCDynamicAdaptationMode"] = 0L,
        };

        Assert.Equal(
            "workstation, non-concurrent, 1 heap(s), dynamic adaptation (DATAS) off, young-generation budget at most the runtime's own",
            GarbageCollectorSettings.Describe(variables));
    }

    [Fact]
    public void Describes_this_process()
    {
        var described = GarbageCollectorSettings.Describe(GC.GetConfigurationVariables());

        Assert.Contains(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation", described, StringComparison.Ordinal);
        Assert.Contains($"{GC.GetConfigurationVariables()["HeapCount"]} heap(s)", described, StringComparison.Ordinal);
    }
}
