using System.Globalization;
using CxGrains.Contracts.V1;
using CxGrains.Host;
using CxGrains.Host.Security;
using CxGrains.TestSupport;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CxGrains.Deploy.Tests;

/// <summary>
/// A real CxGrains host (silo plus front end) on free loopback ports with a throw-away SQLite file,
/// unless <c>settings</c> say otherwise. Start it with <see cref="StartAsync"/> or, to watch it
/// start, with <see cref="BeginStart"/>.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("cx-deploy-tests");
    private readonly IReadOnlyDictionary<string, string?> _overrides;
    private readonly Action<WebApplicationBuilder>? _configure;
    private WebApplication? _app;
    private GrpcChannel? _channel;

    public TestHost(IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        _overrides = settings ?? new Dictionary<string, string?>();
        _configure = configure;
    }

    public string IngestKey { get; } = $"ingest-{Guid.NewGuid():N}";

    public string ReaderKey { get; } = $"reader-{Guid.NewGuid():N}";

    public int GrpcPort { get; private set; }

    public int HttpPort { get; private set; }

    public HttpClient Http { get; private set; } = null!;

    public IngestService.IngestServiceClient Ingest { get; private set; } = null!;

    /// <summary>The application, once built.</summary>
    public WebApplication App => _app ?? throw new InvalidOperationException("Not started.");

    /// <summary>Builds the host and starts it; retries on ports taken meanwhile.</summary>
    public async Task StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var start = BeginStart();
            try
            {
                await start;
                return;
            }
            catch (Exception) when (attempt < 3)
            {
                await StopAppAsync();
            }
        }
    }

    /// <summary>Builds the host and begins to start it; the clients work as soon as Kestrel listens.</summary>
    public Task BeginStart()
    {
        GrpcPort = FreePort.Next();
        HttpPort = FreePort.Next();
        _app = CxHost.Create(["--environment", "Development"], c => c.AddInMemoryCollection(Settings()),
            b =>
            {
                b.Logging.ClearProviders();
                _configure?.Invoke(b);
            });
        _channel?.Dispose();
        Http?.Dispose();
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");
        Ingest = new IngestService.IngestServiceClient(_channel);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(10) };
        return _app.StartAsync();
    }

    /// <summary>Submits <paramref name="batch"/> with the ingest key.</summary>
    public async Task<BatchAck> SubmitAsync(EventBatch batch) =>
        await Ingest.SubmitAsync(batch, new Metadata { { ApiKeyAuthenticationHandler.HeaderName, IngestKey } });

    /// <summary>GET <paramref name="path"/>: status code and body.</summary>
    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        _channel?.Dispose();
        await StopAppAsync();
        _directory.Dispose();
    }

    private async Task StopAppAsync()
    {
        if (_app is null)
        {
            return;
        }

        try
        {
            await _app.StopAsync();
        }
        catch (Exception)
        {
            // A host that failed to start may fail to stop; disposing is what matters.
        }

        await _app.DisposeAsync();
        _app = null;
    }

    private Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Cx:Endpoints:ListenAddress"] = "127.0.0.1",
            ["Cx:Endpoints:GrpcPort"] = GrpcPort.ToString(CultureInfo.InvariantCulture),
            ["Cx:Endpoints:HttpPort"] = HttpPort.ToString(CultureInfo.InvariantCulture),
            ["Cx:Cluster:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Cx:Cluster:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Cx:Storage:Provider"] = "Sqlite",
            ["Cx:Storage:SqlitePath"] = _directory.Combine("cxgrains.db"),
            ["Cx:Accumulator:FlushInterval"] = "00:00:00.050",
            ["Cx:Durability:WriteBehindInterval"] = "00:00:00.200",
            ["Cx:Durability:AggregateWriteBehindInterval"] = "00:00:00.200",
            ["Cx:Readiness:CacheFor"] = "00:00:00.200",
            ["Cx:Auth:Keys:0:Key"] = IngestKey,
            ["Cx:Auth:Keys:0:Role"] = "ingest",
            ["Cx:Auth:Keys:0:Name"] = "deploy-tests",
            ["Cx:Auth:Keys:1:Key"] = ReaderKey,
            ["Cx:Auth:Keys:1:Role"] = "reader",
            ["Cx:Auth:Keys:1:Name"] = "deploy-tests-reader",
        };
        foreach (var (key, value) in _overrides)
        {
            settings[key] = value;
        }

        return settings;
    }
}
