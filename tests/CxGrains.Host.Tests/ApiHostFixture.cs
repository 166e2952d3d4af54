using CxGrains.Contracts.V1;
using CxGrains.TestingHost;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace CxGrains.Host.Tests;

/// <summary>
/// A real CxGrains host (silo, gRPC and JSON front end) on free ports and a throw-away SQLite file,
/// its logs captured, with clients for it; once it has stopped, no secret it was given may be found
/// in its logs. Each fixture states its settings and its secrets.
/// </summary>
public abstract class ApiHostFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory;
    private InProcessHost? _host;
    private GrpcChannel? _channel;

    protected ApiHostFixture(string directoryName) => _directory = new TempDirectory(directoryName);

    public CapturedLogs Logs { get; } = new();

    public int GrpcPort => Host.GrpcPort;

    public int HttpPort => Host.HttpPort;

    public HttpClient Http { get; private set; } = null!;

    public IngestService.IngestServiceClient Ingest { get; private set; } = null!;

    public QueryService.QueryServiceClient Query { get; private set; } = null!;

    /// <summary>The running host's services.</summary>
    public IServiceProvider Services => Host.Services;

    protected InProcessHost Host => _host ?? throw new InvalidOperationException("The host is not running.");

    /// <summary>Values that must never reach a log: API keys, webhook secrets.</summary>
    protected abstract IEnumerable<string> Secrets { get; }

    public async Task InitializeAsync()
    {
        _host = await InProcessHost.StartOnFreePortsAsync(CxHost.Create, Settings(_directory.Combine("cxgrains.db")), b => b.Logging.AddProvider(Logs));
        _channel = GrpcChannel.ForAddress(_host.GrpcUrl);
        Ingest = new IngestService.IngestServiceClient(_channel);
        Query = new QueryService.QueryServiceClient(_channel);
        Http = new HttpClient(HttpHandler()) { BaseAddress = _host.HttpUrl };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        _channel?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        Dispose();

        // Covers the whole run, shutdown included.
        var leaked = Secrets.Count(s => Logs.Containing(s).Count > 0);
        if (leaked > 0)
        {
            throw new InvalidOperationException($"{leaked} secret(s) appeared in the host's logs.");
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The host's settings, without its endpoints and ports; <paramref name="sqlitePath"/> is the throw-away store.</summary>
    protected abstract Dictionary<string, string?> Settings(string sqlitePath);

    /// <summary>The handler of <see cref="Http"/>; by default one that follows redirects.</summary>
    protected virtual HttpMessageHandler HttpHandler() => new SocketsHttpHandler();

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _directory.Dispose();
        }
    }
}
