using CxGrains.Host;
using CxGrains.Host.Security;
using CxGrains.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CxGrains.Live.Tests;

/// <summary>
/// One real CxGrains host (silo plus Kestrel) on fixed ports and settings, so that it can be
/// stopped and started again on the same ports and storage.
/// </summary>
public sealed class LiveHost(IReadOnlyDictionary<string, string?> settings) : IAsyncDisposable
{
    private WebApplication? _app;

    public int GrpcPort => int.Parse(settings["Cx:Endpoints:GrpcPort"]!, System.Globalization.CultureInfo.InvariantCulture);

    public int HttpPort => int.Parse(settings["Cx:Endpoints:HttpPort"]!, System.Globalization.CultureInfo.InvariantCulture);

    public string BaseUrl => $"http://127.0.0.1:{HttpPort}";

    public IServiceProvider Services => (_app ?? throw new InvalidOperationException("The host is not running.")).Services;

    public async Task StartAsync()
    {
        var app = CxHost.Create(["--environment", "Development"], c => c.AddInMemoryCollection(settings),
            b => b.Logging.ClearProviders());
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

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
    public static Dictionary<string, string?> Settings(TestKeys keys, IReadOnlyDictionary<string, string?> storage) => new(storage)
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Cx:Endpoints:ListenAddress"] = "127.0.0.1",
        ["Cx:Endpoints:GrpcPort"] = Port(),
        ["Cx:Endpoints:HttpPort"] = Port(),
        ["Cx:Cluster:SiloPort"] = Port(),
        ["Cx:Cluster:GatewayPort"] = Port(),
        ["Cx:Queues:TimeZone"] = QueueScenario.NoonZone(DateTime.UtcNow),
        ["Cx:Auth:Keys:0:Key"] = keys.Ingest,
        ["Cx:Auth:Keys:0:Role"] = "ingest",
        ["Cx:Auth:Keys:0:Name"] = "test-channel",
        ["Cx:Auth:Keys:1:Key"] = keys.Reader,
        ["Cx:Auth:Keys:1:Role"] = "reader",
        ["Cx:Auth:Keys:1:Name"] = "test-reader",
    };

    private static string Port() => FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Freshly generated API keys for one fixture.</summary>
public sealed class TestKeys
{
    public string Ingest { get; } = $"ingest-{Guid.NewGuid():N}";

    public string Reader { get; } = $"reader-{Guid.NewGuid():N}";
}
