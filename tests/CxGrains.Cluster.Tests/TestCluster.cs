using CxGrains.Contracts.V1;
using CxGrains.TestingHost;
using Grpc.Core;
using Grpc.Net.Client;

namespace CxGrains.Cluster.Tests;

/// <summary>
/// Silo processes and one front-end process on 127.0.0.1, clustered and stored in one PostgreSQL database,
/// run as in production (Production environment, configured API keys) with the given ack mode.
/// </summary>
internal sealed class TestCluster : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);

    private readonly List<HostProcess> _processes = [];

    private TestCluster(string ackMode) => AckMode = ackMode;

    public string AckMode { get; }

    public string IngestKey { get; } = $"ingest-{Guid.NewGuid():N}";

    public string ReaderKey { get; } = $"reader-{Guid.NewGuid():N}";

    public IReadOnlyList<HostProcess> Silos => [.. _processes.Where(p => p.Name.StartsWith("silo", StringComparison.Ordinal))];

    public HostProcess FrontEnd => _processes.Single(p => p.Name == "front-end");

    public IReadOnlyList<HostProcess> All => _processes;

    /// <summary>How the front end's first calls went, sent the moment its /readyz first said ready.</summary>
    public FirstCalls FrontEndFirstCalls { get; private set; } = null!;

    /// <summary>Processes still running.</summary>
    public IReadOnlyList<HostProcess> Live => [.. _processes.Where(p => !p.HasExited)];

    /// <summary>Starts <paramref name="silos"/> silos and, unless <paramref name="frontEnd"/> is false, a front end.</summary>
    public static async Task<TestCluster> StartAsync(string connectionString, string ackMode, int silos, bool frontEnd = true)
    {
        var cluster = new TestCluster(ackMode);
        try
        {
            var clusterId = $"cx-cluster-test-{Guid.NewGuid():N}"[..28];
            await Task.WhenAll(Enumerable.Range(1, silos).Select(i => cluster.StartAsync($"silo-{i}", cluster.Settings(connectionString, clusterId, "Silo"))));
            cluster._processes.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            await Task.WhenAll(cluster._processes.Select(cluster.WaitReadyAsync));
            if (!frontEnd)
            {
                return cluster;
            }

            // The front end joins a cluster whose silos are all up, as it would in a rolling deployment; a load
            // balancer sends it traffic as soon as /readyz says so.
            await cluster.StartAsync("front-end", cluster.Settings(connectionString, clusterId, "FrontEnd"));
            cluster.FrontEndFirstCalls = await FirstCalls.MeasureAsync(cluster.FrontEnd, cluster.ReaderHeaders());
            await cluster.WaitReadyAsync(cluster.FrontEnd);
            return cluster;
        }
        catch (Exception ex)
        {
            var logs = cluster.Logs();
            cluster.Dispose();
            throw new InvalidOperationException($"The cluster did not start: {ex.Message}{Environment.NewLine}{logs}", ex);
        }
    }

    /// <summary>The output tails of every process, for failure messages.</summary>
    public string Logs() => string.Join(Environment.NewLine, _processes.Select(p => p.Tail()));

    public Metadata ReaderHeaders() => new() { { "x-api-key", ReaderKey } };

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }
    }

    // Processes start in parallel; one that never became ready is not kept, its output is in the exception.
    private async Task StartAsync(string name, Dictionary<string, string?> settings)
    {
        var process = await HostProcess.StartOnFreePortsAsync(name, settings, ReadyTimeout);
        lock (_processes)
        {
            _processes.Add(process);
        }
    }

    private Dictionary<string, string?> Settings(string connectionString, string clusterId, string mode) =>
        new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Warning",
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
            ["Cx:Mode"] = mode,
            ["Cx:Cluster:Clustering"] = "Postgres",
            ["Cx:Cluster:ClusterId"] = clusterId,
            ["Cx:Cluster:ServiceId"] = clusterId,
            ["Cx:Cluster:AdvertisedAddress"] = "127.0.0.1",

            // Calls a front end had in flight to a killed silo fail after this instead of 30 s.
            ["Cx:Cluster:ResponseTimeout"] = "00:00:10",
            ["Cx:Storage:Provider"] = "Postgres",
            // The test server allows 200 connections: 4 processes must stay well under it together.
            ["Cx:Storage:PostgresConnectionString"] = connectionString + ";Maximum Pool Size=30",
            ["Cx:Storage:ApplySchemaAtStartup"] = "false",
            ["Cx:Durability:AckMode"] = AckMode,

            // Resends are dropped within a customer's last DedupeHorizon events; the test's busiest customer gets a
            // few hundred, and resends after a failover can reach that far back.
            ["Cx:Customers:DedupeHorizon"] = "2048",
            ["Cx:Shutdown:Timeout"] = "00:00:30",
        }
        .WithEnvironment("Production")
        .WithKeys(new HostKey(IngestKey, "ingest", "cluster-test"), new HostKey(ReaderKey, "reader", "cluster-test-reader"));

    /// <summary>Ready when /readyz answers 200 and a query reaches a grain through this process.</summary>
    private async Task WaitReadyAsync(HostProcess process)
    {
        using var http = new HttpClient { BaseAddress = process.HttpUrl, Timeout = TimeSpan.FromSeconds(5) };
        using var channel = GrpcChannel.ForAddress(process.GrpcUrl);
        var query = new QueryService.QueryServiceClient(channel);
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited with code {process.ExitCode} while starting.");
            }

            if (await IsReadyAsync(http, query))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{process.Name} was not ready within {ReadyTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(250);
        }
    }

    private async Task<bool> IsReadyAsync(HttpClient http, QueryService.QueryServiceClient query)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            await query.GetCustomerAsync(new GetCustomerRequest { CustomerId = "readiness-probe" }, ReaderHeaders(),
                deadline: DateTime.UtcNow.AddSeconds(5));
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or RpcException)
        {
            return false;
        }
    }
}
