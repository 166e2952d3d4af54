using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CxGrains.TestingHost;

/// <summary>
/// One CxGrains host (silo plus Kestrel) in this process, built from in-memory settings in the
/// Development environment with no log providers unless the caller adds some. It can be stopped
/// and started again on the same settings (ports, storage).
/// </summary>
public sealed class InProcessHost : IAsyncDisposable
{
    private static readonly string[] Arguments = ["--environment", "Development"];

    private readonly HostFactory _create;
    private readonly Action<WebApplicationBuilder>? _configure;
    private WebApplication? _app;
    private Task? _starting;

    /// <summary>A host that is not started yet.</summary>
    /// <param name="create">The host's builder, <c>CxHost.Create</c>.</param>
    /// <param name="settings">Every setting, ports included (see <see cref="TestHostSettings.OnFreePorts"/>).</param>
    /// <param name="configure">Adjusts the builder, e.g. to add a log provider or a service.</param>
    public InProcessHost(HostFactory create, IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(settings);
        _create = create;
        Settings = settings;
        _configure = configure;
    }

    /// <summary>The configuration the host is built from.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The gRPC (HTTP/2) port: ingest and query.</summary>
    public int GrpcPort => TestHostSettings.Port(Settings, "Cx:Endpoints:GrpcPort");

    /// <summary>The HTTP/1.1 port: JSON API, health, metrics, SignalR.</summary>
    public int HttpPort => TestHostSettings.Port(Settings, "Cx:Endpoints:HttpPort");

    /// <summary>The gRPC address.</summary>
    public Uri GrpcUrl => new($"http://{TestHostSettings.Loopback}:{GrpcPort}");

    /// <summary>The HTTP address.</summary>
    public Uri HttpUrl => new($"http://{TestHostSettings.Loopback}:{HttpPort}");

    /// <summary>The application, from <see cref="BeginStart"/> until <see cref="StopAsync"/>.</summary>
    public WebApplication App => _app ?? throw new InvalidOperationException("The host is not running.");

    /// <summary>The running host's services.</summary>
    public IServiceProvider Services => App.Services;

    /// <summary>
    /// Starts a host with <paramref name="settings"/> on free ports, and again on fresh ports when a
    /// port was taken before the host bound it.
    /// </summary>
    /// <param name="create">The host's builder, <c>CxHost.Create</c>.</param>
    /// <param name="settings">The host's settings, without its endpoints and ports.</param>
    /// <param name="configure">Adjusts the builder.</param>
    public static Task<InProcessHost> StartOnFreePortsAsync(
        HostFactory create,
        IReadOnlyDictionary<string, string?> settings,
        Action<WebApplicationBuilder>? configure = null) =>
        PortRetry.StartAsync(async () =>
        {
            var host = new InProcessHost(create, TestHostSettings.OnFreePorts(settings), configure);
            await host.StartAsync();
            return host;
        });

    /// <summary>Builds the host and begins to start it; <see cref="App"/> is there at once, to watch the start-up.</summary>
    /// <returns>The start, which completes once the silo and Kestrel run.</returns>
    public Task BeginStart()
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The host is already running.");
        }

        _app = _create(Arguments, c => c.AddInMemoryCollection(Settings), b =>
        {
            b.Logging.ClearProviders();
            _configure?.Invoke(b);
        });
        _starting = _app.StartAsync();
        return _starting;
    }

    /// <summary>Builds and starts the host; when that fails, throws after disposing what was built.</summary>
    public async Task StartAsync()
    {
        try
        {
            await BeginStart();
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    /// <summary>Stops and disposes the application; <see cref="StartAsync"/> may start it again.</summary>
    public async Task StopAsync()
    {
        if (_app is not { } app)
        {
            return;
        }

        var started = _starting is { IsCompletedSuccessfully: true };
        _app = null;
        _starting = null;
        if (started)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            return;
        }

        // A host that failed (or has not finished) to start may fail to stop; its start-up error is what counts.
        try
        {
            await app.StopAsync();
        }
        catch (Exception)
        {
        }

        try
        {
            await app.DisposeAsync();
        }
        catch (Exception)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();
}
