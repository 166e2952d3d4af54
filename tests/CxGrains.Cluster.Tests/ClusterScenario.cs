using System.Diagnostics;
using System.Globalization;
using System.Text;
using CxGrains.TestingHost;
using Grpc.Net.Client;
using Npgsql;

namespace CxGrains.Cluster.Tests;

/// <summary>
/// Starts PostgreSQL and a cluster of three silo processes and one front-end process in one ack mode, runs a
/// scenario of load phases with faults, and keeps what it measured for the tests of the class to assert.
/// </summary>
public abstract class ClusterScenario : IAsyncLifetime
{
    private const int Dead = 6; // Orleans SiloStatus.Dead in the membership table.

    private readonly StringBuilder _report = new();
    private PostgresServer? _postgres;
    private string _connectionString = "";
    private TestCluster? _cluster;
    private GrpcChannel? _channel;

    /// <summary><c>Durable</c> or <c>Applied</c>.</summary>
    protected abstract string AckMode { get; }

    internal TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The scenario did not start.");

    internal ClusterReader Reader { get; private set; } = null!;

    /// <summary>The warm-up run: its events are part of every customer's and touchpoint's total.</summary>
    internal PhaseOutcome WarmUp { get; private set; } = null!;

    /// <summary>What the scenario measured, phase by phase.</summary>
    public string Report => _report.ToString();

    /// <summary>Output tails of every process, for failure messages.</summary>
    public string Logs => _cluster?.Logs() ?? "";

    public async Task InitializeAsync()
    {
        try
        {
            _postgres = await PostgresServer.StartAsync();
            _connectionString = await _postgres.CreateDatabaseAsync();
            var started = Stopwatch.GetTimestamp();
            _cluster = await TestCluster.StartAsync(_connectionString, AckMode, silos: 3);
            Note($"{AckMode} mode: 3 silos and 1 front end ready in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
            Note($"front end: {Cluster.FrontEndFirstCalls}");

            // Queries go through the front end: it never fails here, and it proves the client path.
            _channel = GrpcChannel.ForAddress(Cluster.FrontEnd.GrpcUrl);
            Reader = new ClusterReader(_channel, Cluster.ReaderHeaders());

            // A short run through every process first: JIT, first activations and the front end's routes to
            // every silo, so that the faults strike a cluster in its steady state.
            WarmUp = await LoadPhase.RunAsync(Cluster, LiveTargets(), events: 1_000, seed: 1, fault: null);
            Note($"warm-up: {WarmUp}");
            await RunAsync();
        }
        catch (Exception ex)
        {
            var logs = Logs;
            await DisposeAsync();
            throw new InvalidOperationException($"The {AckMode} cluster scenario failed: {ex.Message}{Environment.NewLine}{Report}{Environment.NewLine}{logs}", ex);
        }
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        _cluster?.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
            _postgres = null;
        }
    }

    /// <summary>The load phases and faults.</summary>
    protected abstract Task RunAsync();

    /// <summary>Adds a line to <see cref="Report"/>.</summary>
    protected void Note(string line) => _report.AppendLine(line);

    /// <summary>The gRPC addresses of every live process.</summary>
    internal IReadOnlyList<Uri> LiveTargets() => [.. Cluster.Live.Select(p => p.GrpcUrl)];

    /// <summary>A fault: SIGKILL, then (in the background of the run) how long until the others declare it dead.</summary>
    internal Func<Task<string>> KillFault(HostProcess silo, Action<Task<TimeSpan?>> declaredDead) => () =>
    {
        silo.Kill();
        var killedAt = Stopwatch.GetTimestamp();
        declaredDead(WaitDeclaredDeadAsync(silo, killedAt));
        return Task.FromResult($"SIGKILL {silo.Name}");
    };

    /// <summary>A fault: SIGTERM and wait for the exit.</summary>
    internal static Func<Task<string>> StopFault(HostProcess silo, Action<TimeSpan> stopped) => async () =>
    {
        var took = await silo.StopAsync(TimeSpan.FromSeconds(60));
        stopped(took);
        return string.Create(CultureInfo.InvariantCulture, $"SIGTERM {silo.Name}, exited with {silo.ExitCode} after {took.TotalSeconds:F1} s");
    };

    /// <summary>The silo's latest status in the membership table.</summary>
    internal async Task<int?> MembershipStatusAsync(HostProcess silo)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT status FROM orleans_membership WHERE deployment_id = @cluster AND port = @port ORDER BY generation DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("cluster", silo.Settings["Cx:Cluster:ClusterId"]!);
        command.Parameters.AddWithValue("port", int.Parse(silo.Settings["Cx:Cluster:SiloPort"]!, CultureInfo.InvariantCulture));
        return await command.ExecuteScalarAsync() is int status ? status : null;
    }

    /// <summary>
    /// Touchpoint counts once they match <paramref name="expected"/>, or once they have not changed for 5 s (a
    /// silo keeps deltas it could not deliver and retries them every flush, so a short pause proves nothing), or
    /// the last read after 45 s.
    /// </summary>
    internal async Task<Dictionary<string, long>> SettledTouchpointsAsync(IReadOnlyDictionary<string, long> expected) =>
        (await SettleTouchpointsAsync(expected)).Counts;

    /// <summary>As <see cref="SettledTouchpointsAsync"/>, with how long after the call they were exact (null if never).</summary>
    internal async Task<(Dictionary<string, long> Counts, TimeSpan? ExactAfter)> SettleTouchpointsAsync(IReadOnlyDictionary<string, long> expected)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = DateTime.UtcNow.AddSeconds(45);
        Dictionary<string, long>? previous = null;
        var unchangedSince = DateTime.UtcNow;
        while (true)
        {
            var counts = await Reader.TouchpointCountsAsync(expected.Keys);
            if (new CountCheck("", expected, counts).Exact)
            {
                return (counts, Stopwatch.GetElapsedTime(started));
            }

            if (previous is null || !new CountCheck("", previous, counts).Exact)
            {
                unchangedSince = DateTime.UtcNow;
            }

            if (DateTime.UtcNow - unchangedSince > TimeSpan.FromSeconds(5) || DateTime.UtcNow > deadline)
            {
                return (counts, null);
            }

            previous = counts;
            await Task.Delay(100);
        }
    }

    private async Task<TimeSpan?> WaitDeclaredDeadAsync(HostProcess silo, long killedAt)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (await MembershipStatusAsync(silo) == Dead)
            {
                return Stopwatch.GetElapsedTime(killedAt);
            }

            await Task.Delay(250);
        }

        return null;
    }

    /// <summary>True when the silo's membership row says Dead.</summary>
    internal async Task<bool> LeftMembershipAsync(HostProcess silo) => await MembershipStatusAsync(silo) == Dead;
}
