using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace CxGrains.TestingHost;

/// <summary>
/// One CxGrains host process (<c>dotnet CxGrains.Host.dll</c>), configured through environment
/// variables. Keeps the tail of its output for failure messages. <see cref="Dispose"/> kills it at
/// once; <see cref="DisposeAsync"/> stops it gracefully first.
/// </summary>
public sealed class HostProcess : IAsyncDisposable, IDisposable
{
    /// <summary>When set, each process also writes its whole output to <c>{name}-{id}.log</c> in this folder.</summary>
    public const string LogFolderVariable = "CX_HOST_LOGS";

    /// <summary>Lines of output kept for <see cref="Tail"/>.</summary>
    public const int KeptLines = 300;

    /// <summary>How long <see cref="StartOnFreePortsAsync"/> waits for <c>/readyz</c> unless told otherwise.</summary>
    public static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromMinutes(2);

    // A graceful stop drains ingest and writes state; after this long DisposeAsync kills instead.
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    // Log lines that tests look for, however much output follows them.
    private readonly ConcurrentDictionary<string, bool> _watched = new(StringComparer.Ordinal);
    private readonly StreamWriter? _log;

    private HostProcess(string name, Process process, IReadOnlyDictionary<string, string?> settings)
    {
        Name = name;
        Settings = settings;
        _process = process;
        if (Environment.GetEnvironmentVariable(LogFolderVariable) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            _log = new StreamWriter(Path.Combine(folder, $"{name}-{Guid.NewGuid():N}.log")) { AutoFlush = true };
        }
    }

    /// <summary>The name in failure messages and log file names.</summary>
    public string Name { get; }

    /// <summary>The configuration it was started with (keys in <c>Cx:Section:Name</c> form).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The gRPC (HTTP/2) port: ingest and query.</summary>
    public int GrpcPort => TestHostSettings.Port(Settings, "Cx:Endpoints:GrpcPort");

    /// <summary>The HTTP/1.1 port: JSON API, health, metrics, SignalR.</summary>
    public int HttpPort => TestHostSettings.Port(Settings, "Cx:Endpoints:HttpPort");

    /// <summary>The gRPC address.</summary>
    public Uri GrpcUrl => new($"http://{TestHostSettings.Loopback}:{GrpcPort}");

    /// <summary>The HTTP address.</summary>
    public Uri HttpUrl => new($"http://{TestHostSettings.Loopback}:{HttpPort}");

    /// <summary>The process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the host and returns at once, ready or not.</summary>
    /// <param name="name">The name in failure messages.</param>
    /// <param name="settings">Every setting, ports included (see <see cref="TestHostSettings.OnFreePorts"/>); plain names such as <c>ASPNETCORE_ENVIRONMENT</c> pass as they are, a null value unsets the variable.</param>
    /// <param name="workingDirectory">Where it runs; by default the host's own folder.</param>
    /// <param name="hostDll">The built host; by default <see cref="HostBinary.Path"/>.</param>
    public static HostProcess Start(
        string name,
        IReadOnlyDictionary<string, string?> settings,
        string? workingDirectory = null,
        string? hostDll = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        hostDll ??= HostBinary.Path;
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(hostDll);
        foreach (var (key, value) in settings)
        {
            // Cx:Section:Name is Cx__Section__Name in the environment.
            var variable = key.Replace(":", "__", StringComparison.Ordinal);
            if (value is null)
            {
                info.Environment.Remove(variable);
            }
            else
            {
                info.Environment[variable] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var host = new HostProcess(name, process, settings);
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>
    /// Starts the host with <paramref name="settings"/> on free ports and waits until <c>/readyz</c>
    /// answers 200. When the process ends before that (most likely a port taken between allocation and
    /// bind), starts it again on fresh ports.
    /// </summary>
    /// <param name="name">The name in failure messages.</param>
    /// <param name="settings">The host's settings, without its endpoints and ports.</param>
    /// <param name="readyTimeout">How long to wait for readiness; default <see cref="DefaultReadyTimeout"/>.</param>
    /// <param name="workingDirectory">Where it runs; by default the host's own folder.</param>
    /// <param name="hostDll">The built host; by default <see cref="HostBinary.Path"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static Task<HostProcess> StartOnFreePortsAsync(
        string name,
        IReadOnlyDictionary<string, string?> settings,
        TimeSpan? readyTimeout = null,
        string? workingDirectory = null,
        string? hostDll = null,
        CancellationToken cancellationToken = default) =>
        PortRetry.StartAsync(
            async () =>
            {
                var host = Start(name, TestHostSettings.OnFreePorts(settings), workingDirectory, hostDll);
                try
                {
                    await host.WaitUntilReadyAsync(readyTimeout ?? DefaultReadyTimeout, cancellationToken);
                    return host;
                }
                catch
                {
                    await host.DisposeAsync();
                    throw;
                }
            },
            e => e is HostExitedException,
            cancellationToken);

    /// <summary>Waits until <c>/readyz</c> answers 200.</summary>
    /// <exception cref="HostExitedException">The process ended first.</exception>
    /// <exception cref="TimeoutException">Not ready within <paramref name="timeout"/>.</exception>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = HttpUrl, Timeout = TimeSpan.FromSeconds(5) };
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            if (HasExited)
            {
                throw new HostExitedException($"{Name} exited with {ExitCode} before it was ready:{Environment.NewLine}{Tail()}");
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

            if (waiting.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:0} s:{Environment.NewLine}{Tail()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>SIGKILL: the process ends at once, with no chance to write or leave the membership.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM: a graceful stop (drain ingest, write state, leave the membership); waits for the exit.</summary>
    /// <returns>How long the stop took.</returns>
    /// <exception cref="OperationCanceledException">Still running after <paramref name="timeout"/>.</exception>
    public async Task<TimeSpan> StopAsync(TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            if (kill.ExitCode != 0)
            {
                throw new InvalidOperationException($"kill -TERM {_process.Id} failed with {kill.ExitCode}.");
            }
        }

        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Waits for the process to end by itself (and for its output to be read).</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
    }

    /// <summary>Starts noting whether the process ever writes a line containing <paramref name="text"/>.</summary>
    public void Watch(string text) => _watched.TryAdd(text, false);

    /// <summary>Whether a line containing a <see cref="Watch"/>ed text was written since it was watched.</summary>
    public bool Wrote(string text) => _watched.TryGetValue(text, out var seen) && seen;

    /// <summary>
    /// The first line still kept (the last <see cref="KeptLines"/>) that contains <paramref name="text"/>, as soon as the
    /// process wrote one; null if it exited or <paramref name="timeout"/> passed first.
    /// </summary>
    public async Task<string?> LineContainingAsync(string text, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var line = _output.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null || _process.HasExited || DateTime.UtcNow >= deadline)
            {
                return line;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>The last lines the process wrote, under a line naming it.</summary>
    /// <param name="lines">How many; at most <see cref="KeptLines"/>.</param>
    public string Tail(int lines = KeptLines)
    {
        var kept = _output.ToArray();
        var exited = _process.HasExited ? $", exited {_process.ExitCode}" : "";
        return $"--- {Name} (pid {_process.Id}{exited}) ---{Environment.NewLine}"
            + string.Join(Environment.NewLine, kept.Skip(Math.Max(0, kept.Length - lines)));
    }

    /// <summary>Kills the process if it still runs.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        Release();
    }

    /// <summary>Stops the process gracefully if it still runs, and kills it when that takes too long.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await StopAsync(StopGrace);
            }
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        Release();
    }

    private void Release()
    {
        _process.Dispose();
        lock (_output)
        {
            _log?.Dispose();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        foreach (var text in _watched.Keys)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                _watched[text] = true;
            }
        }

        lock (_output)
        {
            try
            {
                _log?.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The process outlived its log: nothing more to keep.
            }
        }

        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }
}
