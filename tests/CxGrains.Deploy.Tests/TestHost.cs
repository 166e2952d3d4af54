using CxGrains.Contracts.V1;
using CxGrains.Host;
using CxGrains.Host.Security;
using CxGrains.TestingHost;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

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
    private InProcessHost? _host;
    private GrpcChannel? _channel;

    public TestHost(IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        _overrides = settings ?? new Dictionary<string, string?>();
        _configure = configure;
    }

    public string IngestKey { get; } = $"ingest-{Guid.NewGuid():N}";

    public string ReaderKey { get; } = $"reader-{Guid.NewGuid():N}";

    public int GrpcPort => Running.GrpcPort;

    public int HttpPort => Running.HttpPort;

    public HttpClient Http { get; private set; } = null!;

    public IngestService.IngestServiceClient Ingest { get; private set; } = null!;

    /// <summary>The application, once built.</summary>
    public WebApplication App => Running.App;

    private InProcessHost Running => _host ?? throw new InvalidOperationException("Not started.");

    /// <summary>Builds the host and starts it; retries on ports taken meanwhile.</summary>
    public async Task StartAsync()
    {
        _host = await InProcessHost.StartOnFreePortsAsync(CxHost.Create, Settings(), _configure);
        Connect();
    }

    /// <summary>Builds the host and begins to start it; the clients work as soon as Kestrel listens.</summary>
    public Task BeginStart()
    {
        _host = new InProcessHost(CxHost.Create, TestHostSettings.OnFreePorts(Settings()), _configure);
        Connect();
        return _host.BeginStart();
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
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _directory.Dispose();
    }

    private void Connect()
    {
        _channel = GrpcChannel.ForAddress(Running.GrpcUrl);
        Ingest = new IngestService.IngestServiceClient(_channel);
        Http = new HttpClient { BaseAddress = Running.HttpUrl, Timeout = TimeSpan.FromSeconds(10) };
    }

    private Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Cx:Accumulator:FlushInterval"] = "00:00:00.050",
            ["Cx:Durability:WriteBehindInterval"] = "00:00:00.200",
            ["Cx:Durability:AggregateWriteBehindInterval"] = "00:00:00.200",
            ["Cx:Readiness:CacheFor"] = "00:00:00.200",
        }
        .WithSqlite(_directory.Combine("cxgrains.db"))
        .WithKeys(new HostKey(IngestKey, "ingest", "deploy-tests"), new HostKey(ReaderKey, "reader", "deploy-tests-reader"));
        foreach (var (key, value) in _overrides)
        {
            settings[key] = value;
        }

        return settings;
    }
}
