using System.Globalization;
using CxGrains.Contracts.V1;
using CxGrains.TestSupport;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CxGrains.Host.Tests;

/// <summary>
/// A real host (silo, gRPC and JSON front end) with one alert rule and a webhook to a local
/// listener, both needing to be known at start-up, hence a fixture of its own.
/// </summary>
public sealed class AlertHostFixture : IAsyncLifetime, IDisposable
{
    public const string Rule = "host-abandon";
    public const string WebhookSecret = "host-webhook-secret-0123456";

    private readonly TempDirectory _directory = new("cx-alert-host-tests");
    private WebApplication? _app;
    private GrpcChannel? _channel;

    public string IngestKey { get; } = $"ingest-{Guid.NewGuid():N}";

    public string ReaderKey { get; } = $"reader-{Guid.NewGuid():N}";

    public string WallboardKey { get; } = $"wallboard-{Guid.NewGuid():N}";

    public CapturedLogs Logs { get; } = new();

    public WebhookReceiver Webhooks { get; } = new();

    public HttpClient Http { get; private set; } = null!;

    public IngestService.IngestServiceClient Ingest { get; private set; } = null!;

    public QueryService.QueryServiceClient Query { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        int httpPort;
        for (var attempt = 1; ; attempt++)
        {
            var grpcPort = FreePort.Next();
            httpPort = FreePort.Next();
            var app = CxHost.Create(["--environment", "Development"], c => c.AddInMemoryCollection(Settings(grpcPort, httpPort)),
                b => b.Logging.ClearProviders().AddProvider(Logs));
            try
            {
                await app.StartAsync();
                _app = app;
                _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
                break;
            }
            catch (Exception) when (attempt < 3)
            {
                await app.DisposeAsync();
            }
        }

        Ingest = new IngestService.IngestServiceClient(_channel);
        Query = new QueryService.QueryServiceClient(_channel);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        _channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Dispose();

        // Neither API keys nor the webhook secret may reach a log.
        string[] secrets = [IngestKey, ReaderKey, WallboardKey, WebhookSecret];
        Assert.All(secrets, s => Assert.Empty(Logs.Containing(s)));
    }

    public void Dispose()
    {
        Webhooks.Dispose();
        _directory.Dispose();
    }

    private Dictionary<string, string?> Settings(int grpcPort, int httpPort)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Orleans"] = "Warning",
            ["Logging:LogLevel:Microsoft.Orleans"] = "Warning",
            ["Cx:Endpoints:ListenAddress"] = "127.0.0.1",
            ["Cx:Endpoints:GrpcPort"] = grpcPort.ToString(CultureInfo.InvariantCulture),
            ["Cx:Endpoints:HttpPort"] = httpPort.ToString(CultureInfo.InvariantCulture),
            ["Cx:Cluster:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Cx:Cluster:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Cx:Storage:Provider"] = "Sqlite",
            ["Cx:Storage:SqlitePath"] = _directory.Combine("cxgrains.db"),
            ["Cx:Accumulator:FlushInterval"] = "00:00:00.050",
            ["Cx:Auth:Keys:0:Key"] = IngestKey,
            ["Cx:Auth:Keys:0:Role"] = "ingest",
            ["Cx:Auth:Keys:0:Name"] = "alert-test-channel",
            ["Cx:Auth:Keys:1:Key"] = ReaderKey,
            ["Cx:Auth:Keys:1:Role"] = "reader",
            ["Cx:Auth:Keys:1:Name"] = "alert-test-reader",
            ["Cx:Auth:Keys:2:Key"] = WallboardKey,
            ["Cx:Auth:Keys:2:Role"] = "wallboard",
            ["Cx:Auth:Keys:2:Name"] = "alert-test-wall-screen",
            ["Cx:Alerts:UpdateInterval"] = "00:00:00.100",
            ["Cx:Alerts:Webhooks:0:Url"] = Webhooks.Url,
            ["Cx:Alerts:Webhooks:0:Secret"] = WebhookSecret,
            ["Cx:Alerts:Delivery:InitialBackoff"] = "00:00:00.050",
        };

        // Rule 0 replaces the first shipped default field by field; every field is set so none of it leaks in.
        var rule = new Dictionary<string, string>
        {
            ["Name"] = Rule,
            ["Subject"] = "touchpoint",
            ["Metric"] = "abandonPercent",
            ["Window"] = "1h",
            ["Comparison"] = "above",
            ["Threshold"] = "30",
            ["ClearThreshold"] = "15",
            ["MinimumResponses"] = "10",
        };
        foreach (var (name, value) in rule)
        {
            settings[$"Cx:Alerts:Rules:0:{name}"] = value;
        }

        return settings;
    }
}

[CollectionDefinition(Name)]
public sealed class AlertHostCollection : ICollectionFixture<AlertHostFixture>
{
    public const string Name = "alert host";
}
