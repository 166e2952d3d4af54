using CxGrains.Abstractions;
using CxGrains.TestingHost;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;

namespace CxGrains.Live.Tests;

/// <summary>
/// Orleans replaces the registry's activation when its silo stops, and when a silo joins and two
/// activations briefly exist (the losing one is deactivated). A host must stay registered through
/// that without renewing: here it renews only every five minutes, so a host list that depended on
/// renewals would stay empty for the whole test.
/// </summary>
public sealed class LiveHostRegistryTests : IDisposable
{
    private readonly TempDirectory _storage = new("cx-live-registry");

    [Fact]
    public async Task The_first_change_is_pushed_after_the_registry_activation_was_replaced()
    {
        var keys = new TestKeys();
        await using var host = new LiveHost(LiveHost.Settings(keys, new Dictionary<string, string?>
        {
            ["Cx:Storage:Provider"] = "Sqlite",
            ["Cx:Storage:SqlitePath"] = _storage.Combine("cxgrains.db"),
            ["Cx:Live:RenewInterval"] = "00:05:00",
            ["Cx:Live:HostExpiry"] = "00:10:00",
            ["Cx:Live:HostListRefresh"] = "00:00:00.100",
        }));
        await host.StartAsync();
        var registry = host.Services.GetRequiredService<IGrainFactory>().GetGrain<ILiveHostRegistryGrain>(0);
        var registered = (await registry.GetHosts()).Select(h => h.GetGrainId()).ToList();
        Assert.Single(registered);

        await using var hub = host.Hub(keys.Reader);
        var inbox = new HubInbox(hub);
        await hub.StartAsync();
        var touchpoint = TestIngest.UniqueId("tp-registry");
        await hub.InvokeAsync("Watch", $"touchpoint/{touchpoint}", "ONE_HOUR");
        await inbox.NextUpdateAsync(u => HubInbox.Events(u) == 0, "empty snapshot");

        await registry.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(registered, (await registry.GetHosts()).Select(h => h.GetGrainId()));

        // The publisher reads the list from the new activation (it re-reads every 100 ms here).
        using var ingest = new TestIngest(host.GrpcPort, keys.Ingest);
        await ingest.SubmitAsync([TestIngest.Csat(touchpoint, 4, "EU")]);
        var pushed = await inbox.TryNextUpdateAsync(u => HubInbox.Events(u) == 1, TimeSpan.FromSeconds(10));
        Assert.True(pushed is not null, "The first change after the registry's activation was replaced was not pushed.");
    }

    public void Dispose() => _storage.Dispose();
}
