using CxGrains.Host;
using CxGrains.Host.Security;
using CxGrains.TestingHost;
using CxGrains.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;

namespace CxGrains.Live.Tests;

/// <summary>
/// One real CxGrains host (silo plus Kestrel) on fixed ports and settings, so that it can be
/// stopped and started again on the same ports and storage.
/// </summary>
public sealed class LiveHost(IReadOnlyDictionary<string, string?> settings) : IAsyncDisposable
{
    private readonly InProcessHost _host = new(CxHost.Create, settings);

    public int GrpcPort => _host.GrpcPort;

    public int HttpPort => _host.HttpPort;

    public string BaseUrl => $"http://127.0.0.1:{HttpPort}";

    public IServiceProvider Services => _host.Services;

    /// <summary>Starts a host with <see cref="Settings"/>, again on fresh ports when one was taken meanwhile.</summary>
    public static Task<LiveHost> StartOnFreePortsAsync(TestKeys keys, IReadOnlyDictionary<string, string?> storage) =>
        PortRetry.StartAsync(async () =>
        {
            var host = new LiveHost(Settings(keys, storage));
            await host.StartAsync();
            return host;
        });

    public Task StartAsync() => _host.StartAsync();

    public Task StopAsync() => _host.StopAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    /// <summary>A hub connection (not started) presenting <paramref name="key"/> in the x-api-key header, or no key.</summary>
    public HubConnection Hub(string? key) => new HubConnectionBuilder()
        .WithUrl($"{BaseUrl}/hubs/cx", o =>
        {
            if (key is not null)
            {
                o.Headers[ApiKeyAuthenticationHandler.HeaderName] = key;
            }
        })
        .Build();

    /// <summary>Settings of a test host: free ports, configured keys, the given storage and clustering.</summary>
    public static Dictionary<string, string?> Settings(TestKeys keys, IReadOnlyDictionary<string, string?> storage) =>
        TestHostSettings.OnFreePorts(new Dictionary<string, string?>(storage)
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Cx:Queues:TimeZone"] = QueueScenario.NoonZone(DateTime.UtcNow),
        }
        .WithKeys(new HostKey(keys.Ingest, "ingest", "test-channel"), new HostKey(keys.Reader, "reader", "test-reader")));
}

/// <summary>Freshly generated API keys for one fixture.</summary>
public sealed class TestKeys
{
    public string Ingest { get; } = $"ingest-{Guid.NewGuid():N}";

    public string Reader { get; } = $"reader-{Guid.NewGuid():N}";
}
