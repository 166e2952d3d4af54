using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace CxGrains.Bench;

/// <summary>
/// A throwaway PostgreSQL server for the durable-mode runs, started from the local binaries
/// (<c>CX_PG_BIN</c>, default <c>/usr/lib/postgresql/15/bin</c>) in a temporary folder and removed
/// on dispose. Unlike the test fixtures it keeps PostgreSQL's durability settings (fsync and
/// synchronous commit on) unless told otherwise: a durable ack is only worth what the write behind it is.
/// </summary>
internal sealed class PostgresInstance : IAsyncDisposable
{
    private const string DefaultBinaries = "/usr/lib/postgresql/15/bin";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(90);

    private readonly string _directory;
    private readonly string _binaries;
    private readonly string[] _runAs;

    private PostgresInstance(string directory, string binaries, string[] runAs, string connectionString, bool fsync)
    {
        _directory = directory;
        _binaries = binaries;
        _runAs = runAs;
        ConnectionString = connectionString;
        Fsync = fsync;
    }

    /// <summary>Connection string of the benchmark database (the CxGrains host applies its schema).</summary>
    public string ConnectionString { get; }

    /// <summary>Whether fsync and synchronous commit are on.</summary>
    public bool Fsync { get; }

    /// <summary>The server's version string, e.g. "15.8".</summary>
    public string Version { get; private set; } = "";

    /// <summary>Creates a cluster in a temporary folder and starts it on a free port.</summary>
    /// <param name="fsync">Keep fsync and synchronous commit on (true) or turn them off.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static async Task<PostgresInstance> StartAsync(bool fsync, CancellationToken cancellationToken)
    {
        var binaries = Environment.GetEnvironmentVariable("CX_PG_BIN") is { Length: > 0 } configured ? configured : FindBinaries();
        var runAs = Environment.UserName == "root" ? new[] { "runuser", "-u", Environment.GetEnvironmentVariable("CX_PG_USER") is { Length: > 0 } u ? u : "postgres", "--" } : [];
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("cx-bench-pg-").FullName;
            var port = FreePort.Next();
            var connectionString = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = port,
                Username = "postgres",
                Database = "postgres",
                MaxPoolSize = 100,
            }.ConnectionString;
            var instance = new PostgresInstance(directory, binaries, runAs, connectionString, fsync);
            try
            {
                await instance.StartAsync(port, cancellationToken);
                return instance;
            }
            catch (Exception) when (attempt < 3 && !cancellationToken.IsCancellationRequested)
            {
                // Usually a port taken between FreePort and the server binding it.
                await instance.DisposeAsync();
            }
            catch
            {
                await instance.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Stops the server at once and deletes its files.</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await ToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None);
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        finally
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private string DataDirectory => Path.Combine(_directory, "data");

    private async Task StartAsync(int port, CancellationToken cancellationToken)
    {
        if (_runAs.Length > 0)
        {
            // initdb and postgres refuse root; the server account must own the folder.
            (await ChildProcess.RunAsync("chown", ["-R", $"{_runAs[2]}:", _directory], ToolTimeout, cancellationToken: cancellationToken)).ThrowIfFailed("chown");
        }

        await ToolAsync("initdb", ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C"], cancellationToken);
        var durability = Fsync ? "-c fsync=on -c synchronous_commit=on" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        var options = string.Create(CultureInfo.InvariantCulture, $"-p {port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections=200 {durability}");
        await ToolAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "-o", options, "start"], cancellationToken);

        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync(cancellationToken);
                Version = connection.ServerVersion;
                return;
            }
            catch (NpgsqlException) when (watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private async Task ToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binaries, tool);
        var fileName = _runAs.Length > 0 ? _runAs[0] : path;
        var all = _runAs.Length > 0 ? [.. _runAs.Skip(1), path, .. arguments] : arguments;
        (await ChildProcess.RunAsync(fileName, all, ToolTimeout, cancellationToken: cancellationToken)).ThrowIfFailed(tool);
    }

    private static string FindBinaries()
    {
        if (File.Exists(Path.Combine(DefaultBinaries, "initdb")))
        {
            return DefaultBinaries;
        }

        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => bin, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(
            $"No PostgreSQL server binaries in {DefaultBinaries}: install postgresql-15 or set CX_PG_BIN to the folder holding initdb and pg_ctl.");
    }
}
