using System.Diagnostics;
using System.Globalization;
using CxGrains.Persistence;
using Npgsql;

namespace CxGrains.TestingHost;

/// <summary>
/// A real PostgreSQL for tests and benchmarks: a throwaway server started from the local binaries, or an
/// existing server named by <c>CX_TEST_POSTGRES</c>. Hands out fresh databases with the
/// CxGrains schema, and removes everything it created on dispose.
/// </summary>
/// <remarks>
/// <para>Environment:</para>
/// <list type="bullet">
/// <item><description><c>CX_TEST_POSTGRES</c>: connection string of an existing server (its user must be
/// allowed to create databases). When set, no server is started.</description></item>
/// <item><description><c>CX_PG_BIN</c>: folder with <c>initdb</c> and <c>pg_ctl</c>; default
/// <c>/usr/lib/postgresql/15/bin</c>, then any other installed major version.</description></item>
/// <item><description><c>CX_PG_USER</c>: the OS account the server runs as when the tests run as root
/// (initdb refuses root); default <c>postgres</c>.</description></item>
/// <item><description><c>CX_PG_OPTIONS</c>: more server options for a throwaway server, appended last
/// (for example <c>-c shared_preload_libraries=pg_stat_statements</c> to see where a benchmark's
/// database time goes).</description></item>
/// </list>
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Names an existing server to use instead of starting one.</summary>
    public const string ExternalServerVariable = "CX_TEST_POSTGRES";

    /// <summary>Overrides the folder holding the PostgreSQL server binaries.</summary>
    public const string BinariesVariable = "CX_PG_BIN";

    /// <summary>Overrides the OS account used to run the server when running as root.</summary>
    public const string OsUserVariable = "CX_PG_USER";

    /// <summary>More options for a throwaway server, appended after the others.</summary>
    public const string ServerOptionsVariable = "CX_PG_OPTIONS";

    /// <summary>Where Debian's postgresql-15 package puts the server binaries.</summary>
    public const string DefaultBinaries = "/usr/lib/postgresql/15/bin";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory? _directory;
    private readonly string? _binaries;
    private readonly string[] _runAs;
    private readonly List<string> _createdDatabases = [];
    private readonly Lock _gate = new();

    private PostgresServer(string adminConnectionString, TempDirectory? directory, string? binaries, string[] runAs)
    {
        AdminConnectionString = adminConnectionString;
        _directory = directory;
        _binaries = binaries;
        _runAs = runAs;
    }

    /// <summary>Connection string to the server's maintenance database, with rights to create databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary><see langword="true"/> when the server came from <c>CX_TEST_POSTGRES</c>.</summary>
    public bool IsExternal => _directory is null;

    /// <summary>Starts a throwaway server, or connects to the one named by <c>CX_TEST_POSTGRES</c>.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(durable: false, cancellationToken);

    /// <summary>Starts a throwaway server, or connects to the one named by <c>CX_TEST_POSTGRES</c>.</summary>
    /// <param name="durable">
    /// Keep PostgreSQL's durability settings (fsync, synchronous commit, full page writes), as a
    /// benchmark of durable acks needs; tests turn them off for speed.
    /// </param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static async Task<PostgresServer> StartAsync(bool durable, CancellationToken cancellationToken = default)
    {
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var server = new PostgresServer(external, directory: null, binaries: null, runAs: []);
            await server.WaitUntilReadyAsync(cancellationToken);
            return server;
        }

        var binaries = FindBinaries();
        var runAs = RunAsPrefix();
        return await PortRetry.StartAsync(
            async () =>
            {
                var server = new PostgresServer(string.Empty, new TempDirectory("cx-pg"), binaries, runAs);
                try
                {
                    return await server.StartLocalAsync(FreePort.Next(), durable, cancellationToken);
                }
                catch
                {
                    await server.DisposeAsync();
                    throw;
                }
            },
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Creates a new, uniquely named database and returns its connection string.
    /// </summary>
    /// <param name="applySchema">Whether to apply the CxGrains schema (<see cref="PostgresSchema.EnsureAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<string> CreateDatabaseAsync(bool applySchema = true, CancellationToken cancellationToken = default)
    {
        var name = $"cx_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        lock (_gate)
        {
            _createdDatabases.Add(name);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
        if (applySchema)
        {
            await PostgresSchema.EnsureAsync(connectionString, cancellationToken);
        }

        return connectionString;
    }

    /// <summary>The server's version string, e.g. "15.8".</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection.ServerVersion;
    }

    /// <summary>Stops the throwaway server and deletes its files, or drops the databases created on an external server.</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_directory is null)
        {
            await DropCreatedDatabasesAsync();
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await RunAsync(Tool("pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], asServerUser: true, CancellationToken.None);
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped; nothing left to do but delete the files.
        }
        finally
        {
            _directory.Dispose();
        }
    }

    private string DataDirectory => Path.Combine(_directory!.Path, "data");

    // pg_ctl's arguments that started this server, to start it again after StopAsync.
    private string[] _startArguments = [];

    /// <summary>Stops the server as an operator would (fast shutdown: open connections are cut), for fault tests.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        RunAsync(Tool("pg_ctl"), ["-D", LocalDataDirectory(), "-m", "fast", "-w", "stop"], asServerUser: true, cancellationToken);

    /// <summary>Starts the server again after <see cref="StopAsync"/>: same port, same data.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        LocalDataDirectory();
        await RunAsync(Tool("pg_ctl"), _startArguments, asServerUser: true, cancellationToken);
        await WaitUntilReadyAsync(cancellationToken);
    }

    private string LocalDataDirectory() => IsExternal
        ? throw new InvalidOperationException($"An external server ({ExternalServerVariable}) cannot be stopped or started by the tests.")
        : DataDirectory;

    private async Task<PostgresServer> StartLocalAsync(int port, bool durable, CancellationToken cancellationToken)
    {
        if (_runAs.Length > 0)
        {
            // The server account must own its files; everything lives under our temp folder.
            await RunAsync("chown", ["-R", $"{_runAs[2]}:", _directory!.Path], asServerUser: false, cancellationToken);
        }

        await RunAsync(
            Tool("initdb"),
            ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
            asServerUser: true,
            cancellationToken);

        // Durability settings off unless asked for: the data is thrown away, speed is what matters.
        var durability = durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        var serverOptions = string.Create(
            CultureInfo.InvariantCulture,
            $"-p {port} -k {_directory!.Path} -c listen_addresses=127.0.0.1{durability} -c max_connections=400 {Environment.GetEnvironmentVariable(ServerOptionsVariable)}");
        string[] start = ["-D", DataDirectory, "-l", Path.Combine(_directory.Path, "server.log"), "-w", "-t", "60", "-o", serverOptions, "start"];
        await RunAsync(Tool("pg_ctl"), start, asServerUser: true, cancellationToken);

        var admin = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
        }.ConnectionString;
        var started = new PostgresServer(admin, _directory, _binaries, _runAs) { _startArguments = start };
        await started.WaitUntilReadyAsync(cancellationToken);
        return started;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < StartTimeout)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private async Task DropCreatedDatabasesAsync()
    {
        string[] names;
        lock (_gate)
        {
            names = [.. _createdDatabases];
            _createdDatabases.Clear();
        }

        if (names.Length == 0)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        foreach (var name in names)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private string Tool(string name) => Path.Combine(_binaries!, name);

    private async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asServerUser, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var prefix = asServerUser ? _runAs : [];
        start.FileName = prefix.Length > 0 ? prefix[0] : fileName;
        foreach (var argument in prefix.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        if (prefix.Length > 0)
        {
            start.ArgumentList.Add(fileName);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    private static string FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable(BinariesVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasServerTools(configured)
                ? configured
                : throw new InvalidOperationException(
                    $"{BinariesVariable}={configured} does not contain initdb and pg_ctl. Point it at the PostgreSQL server's bin folder.");
        }

        if (HasServerTools(DefaultBinaries))
        {
            return DefaultBinaries;
        }

        // Any other installed major version works too; prefer the newest.
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(HasServerTools)
                .OrderByDescending(path => int.TryParse(Path.GetFileName(Path.GetDirectoryName(path)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(
            $"No PostgreSQL server binaries found in {DefaultBinaries}. Install them (Debian/Ubuntu: " +
            $"'apt-get install postgresql-15'), or set {BinariesVariable} to the folder that holds initdb and pg_ctl, " +
            $"or set {ExternalServerVariable} to the connection string of an existing server " +
            "(e.g. 'Host=localhost;Username=postgres;Password=...').");
    }

    private static bool HasServerTools(string folder) =>
        File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));

    private static string[] RunAsPrefix()
    {
        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            return [];
        }

        // initdb and postgres refuse to run as root.
        var user = Environment.GetEnvironmentVariable(OsUserVariable) is { Length: > 0 } configured ? configured : "postgres";
        if (!File.Exists("/usr/sbin/runuser") && !File.Exists("/sbin/runuser") && !File.Exists("/usr/bin/runuser"))
        {
            throw new InvalidOperationException(
                $"Running as root, PostgreSQL must be started as another user, but runuser was not found. " +
                $"Run the tests as a normal user, install util-linux, or set {ExternalServerVariable}.");
        }

        return ["runuser", "-u", user, "--"];
    }
}
