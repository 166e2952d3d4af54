using System.Collections.Concurrent;
using System.Diagnostics;

namespace CxGrains.Cluster.Tests;

/// <summary>
/// One CxGrains host process (<c>dotnet CxGrains.Host.dll</c>) configured by environment variables. Keeps the
/// tail of its output for failure messages; killed on dispose if still running.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private const int KeptLines = 300;

    /// <summary>When set, each process also writes its whole output to <c>{name}.log</c> in this folder.</summary>
    public const string LogFolderVariable = "CX_CLUSTER_LOGS";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    // Log lines that tests look for, however much output follows them.
    private readonly ConcurrentDictionary<string, bool> _watched = new(StringComparer.Ordinal);
    private readonly StreamWriter? _log;

    private HostProcess(string name, Process process, int grpcPort, int httpPort, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        Settings = settings;
        if (Environment.GetEnvironmentVariable(LogFolderVariable) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            _log = new StreamWriter(Path.Combine(folder, $"{name}-{Guid.NewGuid():N}.log")) { AutoFlush = true };
        }
        _process = process;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
    }

    public string Name { get; }

    /// <summary>The configuration it was started with (keys in <c>Cx:Section:Name</c> form).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    public Uri GrpcUrl => new($"http://127.0.0.1:{GrpcPort}");

    public Uri HttpUrl => new($"http://127.0.0.1:{HttpPort}");

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static HostProcess Start(string name, int grpcPort, int httpPort, IReadOnlyDictionary<string, string> settings,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(HostBinary.Path)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(HostBinary.Path);
        info.Environment["Cx__Endpoints__GrpcPort"] = grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Cx__Endpoints__HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var host = new HostProcess(name, process, grpcPort, httpPort, settings);
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>SIGKILL: the process ends at once, with no chance to write or leave the membership.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM: a graceful stop (drain ingest, write state, leave the membership); waits for the exit.</summary>
    /// <returns>How long the stop took.</returns>
    public async Task<TimeSpan> StopAsync(TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
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

    /// <summary>The last lines the process wrote.</summary>
    public string Tail() => $"--- {Name} (pid {_process.Id}{(_process.HasExited ? $", exited {_process.ExitCode}" : "")}) ---{Environment.NewLine}"
        + string.Join(Environment.NewLine, _output);

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
