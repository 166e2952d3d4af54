using CxGrains.TestingHost;

namespace CxGrains.Bench;

/// <summary>
/// The silo under test: a real CxGrains host process (<c>dotnet CxGrains.Host.dll</c>) in the
/// Production environment with the benchmark's keys, configured for one <see cref="SiloMode"/>, on
/// free loopback ports, with its own temporary folder.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly HostProcess _host;
    private readonly TempDirectory _directory;

    private SiloProcess(HostProcess host, TempDirectory directory, SiloMode mode)
    {
        _host = host;
        _directory = directory;
        Mode = mode;
    }

    /// <summary>The gRPC (HTTP/2) port: ingest and query.</summary>
    public int GrpcPort => _host.GrpcPort;

    /// <summary>The HTTP/1.1 port: JSON API, health, SignalR.</summary>
    public int HttpPort => _host.HttpPort;

    /// <summary>How this silo handles ingest.</summary>
    public SiloMode Mode { get; }

    /// <summary>The ingest and query address for gRPC clients.</summary>
    public Uri GrpcUrl => _host.GrpcUrl;

    /// <summary>The JSON, health and SignalR address.</summary>
    public Uri HttpUrl => _host.HttpUrl;

    /// <summary>The process id.</summary>
    public int ProcessId => _host.ProcessId;

    /// <summary>Starts the host and waits until <c>/readyz</c> answers 200.</summary>
    /// <param name="layout">Where the built host is.</param>
    /// <param name="mode">Bare sink, applied or durable.</param>
    /// <param name="keys">API keys to configure.</param>
    /// <param name="postgresConnectionString">Required for <see cref="SiloMode.Durable"/>.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static async Task<SiloProcess> StartAsync(
        RepoLayout layout,
        SiloMode mode,
        BenchKeys keys,
        string? postgresConnectionString,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(keys);
        layout.RequireBuilt();
        var directory = new TempDirectory("cx-bench-silo");
        try
        {
            var host = await HostProcess.StartOnFreePortsAsync(
                $"{mode} silo",
                Settings(mode, keys, postgresConnectionString, directory.Path),
                ReadyTimeout,
                workingDirectory: directory.Path,
                hostDll: layout.HostDll,
                cancellationToken);
            return new SiloProcess(host, directory, mode);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>The last lines the host logged.</summary>
    public string LogTail() => _host.Tail(30);

    /// <summary>The garbage collector's settings the silo logged at start ("Garbage collector: …"), if it did.</summary>
    public async Task<string?> GarbageCollectorAsync(CancellationToken cancellationToken)
    {
        var line = await _host.LineContainingAsync("Garbage collector:", TimeSpan.FromSeconds(5), cancellationToken);
        return line?.Trim();
    }

    /// <summary>Stops the host (SIGTERM, then kill after a grace period) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>The host's configuration, apart from its endpoints.</summary>
    internal static Dictionary<string, string?> Settings(SiloMode mode, BenchKeys keys, string? postgresConnectionString, string directory)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",

            // The host's own start-up lines (its garbage collector's settings among them); it logs nothing per event.
            ["Logging:LogLevel:CxGrains.Host"] = "Information",
            ["Cx:Cluster:ClusterId"] = $"bench-{Guid.NewGuid():N}",
            ["Cx:Ingest:BareSink"] = mode == SiloMode.BareSink ? "true" : "false",
            ["Cx:Durability:AckMode"] = mode == SiloMode.Durable ? "Durable" : "Applied",
        }
        // Production: the configured keys, no development conveniences.
        .WithEnvironment("Production")
        .WithKeys(new HostKey(keys.Ingest, "ingest", "bench-loadgen"), new HostKey(keys.Reader, "reader", "bench-reader"));
        if (mode == SiloMode.Durable)
        {
            settings["Cx:Storage:Provider"] = "Postgres";
            settings["Cx:Storage:PostgresConnectionString"] = postgresConnectionString
                ?? throw new ArgumentException("Durable mode needs a PostgreSQL connection string.", nameof(postgresConnectionString));
        }
        else
        {
            settings.WithSqlite(Path.Combine(directory, "cxgrains.db"));
        }

        return settings;
    }
}
