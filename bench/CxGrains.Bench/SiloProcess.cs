using System.Diagnostics;
using System.Globalization;
using CxGrains.TestSupport;

namespace CxGrains.Bench;

/// <summary>
/// A real CxGrains host process (<c>dotnet CxGrains.Host.dll</c>) configured through <c>Cx__…</c>
/// environment variables, on free loopback ports, with its own temporary folder and log file.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly string _directory;
    private readonly StreamWriter _log;

    private SiloProcess(Process process, string directory, StreamWriter log, int grpcPort, int httpPort, SiloMode mode)
    {
        _process = process;
        _directory = directory;
        _log = log;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        Mode = mode;
    }

    /// <summary>The gRPC (HTTP/2) port: ingest and query.</summary>
    public int GrpcPort { get; }

    /// <summary>The HTTP/1.1 port: JSON API, health, SignalR.</summary>
    public int HttpPort { get; }

    /// <summary>How this silo handles ingest.</summary>
    public SiloMode Mode { get; }

    /// <summary>The ingest and query address for gRPC clients.</summary>
    public Uri GrpcUrl => new($"http://127.0.0.1:{GrpcPort}");

    /// <summary>The JSON, health and SignalR address.</summary>
    public Uri HttpUrl => new($"http://127.0.0.1:{HttpPort}");

    /// <summary>The process id.</summary>
    public int ProcessId => _process.Id;

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
        for (var attempt = 1; ; attempt++)
        {
            var silo = Launch(layout, mode, keys, postgresConnectionString);
            try
            {
                await silo.WaitUntilReadyAsync(cancellationToken);
                return silo;
            }
            catch (Exception) when (attempt < 3 && !cancellationToken.IsCancellationRequested && silo._process.HasExited)
            {
                // Most likely a port taken between FreePort and Kestrel binding it: try other ports.
                await silo.DisposeAsync();
            }
            catch
            {
                await silo.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>The last lines the host logged.</summary>
    public string LogTail()
    {
        lock (_log)
        {
            _log.Flush();
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return ChildProcess.Tail(reader.ReadToEnd());
    }

    /// <summary>Stops the host (SIGTERM, then kill after a grace period) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
                await term.WaitForExitAsync();
                using var grace = new CancellationTokenSource(StopTimeout);
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string LogPath => Path.Combine(_directory, "host.log");

    private static SiloProcess Launch(RepoLayout layout, SiloMode mode, BenchKeys keys, string? postgresConnectionString)
    {
        var directory = Directory.CreateTempSubdirectory("cx-bench-silo-").FullName;
        int grpcPort = FreePort.Next(), httpPort = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add(layout.HostDll);
        foreach (var (name, value) in Settings(mode, keys, postgresConnectionString, directory, grpcPort, httpPort))
        {
            start.Environment[name] = value;
        }

        var log = new StreamWriter(Path.Combine(directory, "host.log"));
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the CxGrains host.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SiloProcess(process, directory, log, grpcPort, httpPort, mode);
    }

    /// <summary>The host's configuration as environment variables.</summary>
    internal static Dictionary<string, string> Settings(
        SiloMode mode, BenchKeys keys, string? postgresConnectionString, string directory, int grpcPort, int httpPort)
    {
        var c = CultureInfo.InvariantCulture;
        var settings = new Dictionary<string, string>
        {
            // Production: the configured keys, no development conveniences.
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Cx__Endpoints__ListenAddress"] = "127.0.0.1",
            ["Cx__Endpoints__GrpcPort"] = grpcPort.ToString(c),
            ["Cx__Endpoints__HttpPort"] = httpPort.ToString(c),
            // Own silo and gateway ports: other silos may run on this machine at the same time.
            ["Cx__Cluster__SiloPort"] = FreePort.Next().ToString(c),
            ["Cx__Cluster__GatewayPort"] = FreePort.Next().ToString(c),
            ["Cx__Cluster__ClusterId"] = $"bench-{Guid.NewGuid():N}",
            ["Cx__Auth__Keys__0__Key"] = keys.Ingest,
            ["Cx__Auth__Keys__0__Role"] = "ingest",
            ["Cx__Auth__Keys__0__Name"] = "bench-loadgen",
            ["Cx__Auth__Keys__1__Key"] = keys.Reader,
            ["Cx__Auth__Keys__1__Role"] = "reader",
            ["Cx__Auth__Keys__1__Name"] = "bench-reader",
            ["Cx__Ingest__BareSink"] = mode == SiloMode.BareSink ? "true" : "false",
            ["Cx__Durability__AckMode"] = mode == SiloMode.Durable ? "Durable" : "Applied",
        };
        if (mode == SiloMode.Durable)
        {
            settings["Cx__Storage__Provider"] = "Postgres";
            settings["Cx__Storage__PostgresConnectionString"] = postgresConnectionString
                ?? throw new ArgumentException("Durable mode needs a PostgreSQL connection string.", nameof(postgresConnectionString));
        }
        else
        {
            settings["Cx__Storage__Provider"] = "Sqlite";
            settings["Cx__Storage__SqlitePath"] = Path.Combine(directory, "cxgrains.db");
        }

        return settings;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = HttpUrl, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The CxGrains host ({Mode}) exited with {_process.ExitCode} before it was ready:\n{LogTail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A single slow answer while the silo starts.
            }

            if (watch.Elapsed > ReadyTimeout)
            {
                throw new TimeoutException($"The CxGrains host ({Mode}) was not ready within {ReadyTimeout}:\n{LogTail()}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
