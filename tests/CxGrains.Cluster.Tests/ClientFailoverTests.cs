using System.Collections.Concurrent;
using System.Globalization;
using CxGrains.Client;
using CxGrains.Contracts.V1;
using CxGrains.TestingHost;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace CxGrains.Cluster.Tests;

/// <summary>
/// The ingest client against two real silo processes (durable ack mode, PostgreSQL): a known set of events streams
/// through the client, connected to silo-1, and silo-1 is SIGKILLed mid-stream. The client fails over to silo-2,
/// resends what was unacknowledged and what came back <c>UNAVAILABLE</c>; afterwards the query API must count every
/// event exactly once per customer.
/// </summary>
public sealed class ClientFailoverScenario : IAsyncLifetime
{
    public const int Events = 3_000;
    public const int Customers = 150;

    private PostgresServer? _postgres;
    private TestCluster? _cluster;

    internal CountCheck Counts { get; private set; } = null!;

    internal RecordingObserver Observer { get; } = new();

    internal bool Killed { get; private set; }

    public string Logs => _cluster?.Logs() ?? "";

    public async Task InitializeAsync()
    {
        try
        {
            _postgres = await PostgresServer.StartAsync();
            _cluster = await TestCluster.StartAsync(await _postgres.CreateDatabaseAsync(), "Durable", silos: 2, frontEnd: false);
            var (victim, survivor) = (_cluster.Silos[0], _cluster.Silos[1]);
            var runId = Guid.NewGuid().ToString("N")[..8];
            var events = Enumerable.Range(0, Events).Select(i => Event(runId, i)).ToList();

            await using (var client = new CxIngestClient(
                new CxIngestClientOptions
                {
                    Endpoints = [victim.GrpcUrl, survivor.GrpcUrl],
                    ApiKey = _cluster.IngestKey,
                    MaxBatchSize = 50,
                    MaxInFlightBatches = 4,
                    MaxReconnectAttempts = 40,
                    ReconnectDelay = TimeSpan.FromMilliseconds(100),
                    MaxReconnectDelay = TimeSpan.FromSeconds(1),
                },
                Observer))
            {
                for (var i = 0; i < events.Count; i++)
                {
                    if (i == events.Count / 3)
                    {
                        // Mid-stream, once the silo the stream is connected to has acked a good part: SIGKILL it.
                        await WaitUntilAsync(() => Observer.Acknowledged >= Events / 6);
                        victim.Kill();
                        Killed = true;
                    }

                    await client.SendAsync(events[i]);
                }

                await client.FlushAsync().WaitAsync(TimeSpan.FromMinutes(3));
            }

            using var channel = GrpcChannel.ForAddress(survivor.GrpcUrl);
            var reader = new ClusterReader(channel, _cluster.ReaderHeaders());
            var expected = events.GroupBy(e => e.CustomerId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
            Counts = new CountCheck("customers after SIGKILL through the client", expected, await reader.CustomerCountsAsync(expected.Keys));
        }
        catch (Exception ex)
        {
            var logs = Logs;
            await DisposeAsync();
            throw new InvalidOperationException($"The client failover scenario failed: {ex.Message}{Environment.NewLine}{logs}", ex);
        }
    }

    public async Task DisposeAsync()
    {
        _cluster?.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
            _postgres = null;
        }
    }

    private static InteractionEvent Event(string runId, int i) => new()
    {
        EventId = string.Create(CultureInfo.InvariantCulture, $"{runId}-e{i}"),
        CustomerId = string.Create(CultureInfo.InvariantCulture, $"{runId}-c{i % Customers}"),
        TouchpointId = $"{runId}-tp",
        Channel = Channel.Web,
        JourneyStage = JourneyStage.PostPurchase,
        OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
        Csat = new CsatResponse { Score = 1 + i % 5 },
    };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The stream made no progress before the kill.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>What the client reported.</summary>
    internal sealed class RecordingObserver : IIngestObserver
    {
        private long _acknowledged;
        private int _reconnects;

        public long Acknowledged => Interlocked.Read(ref _acknowledged);

        public int Reconnects => Volatile.Read(ref _reconnects);

        public ConcurrentQueue<EventRejection> Rejections { get; } = new();

        public ConcurrentQueue<OutgoingBatch> Abandoned { get; } = new();

        public void OnAcknowledged(OutgoingBatch batch, BatchAck ack, TimeSpan latency) =>
            Interlocked.Add(ref _acknowledged, ack.Accepted + ack.Duplicates);

        public void OnRejected(EventRejection rejection) => Rejections.Enqueue(rejection);

        public void OnAbandoned(OutgoingBatch batch) => Abandoned.Enqueue(batch);

        public void OnReconnecting(Uri endpoint, Exception cause) => Interlocked.Increment(ref _reconnects);
    }
}

[Collection(ClusterCollection.Name)]
public sealed class ClientFailoverTests(ClientFailoverScenario scenario, ITestOutputHelper output) : IClassFixture<ClientFailoverScenario>
{
    [Fact]
    public void Sigkill_of_the_connected_silo_mid_stream_loses_no_event_and_counts_none_twice()
    {
        output.WriteLine(scenario.Counts.ToString());
        Assert.True(scenario.Killed);
        Assert.True(scenario.Observer.Reconnects >= 1, $"reconnects: {scenario.Observer.Reconnects}");
        Assert.Empty(scenario.Observer.Rejections);
        Assert.Empty(scenario.Observer.Abandoned);
        Assert.Equal(ClientFailoverScenario.Events, scenario.Counts.TotalAcked);
        Assert.True(scenario.Counts.Exact, $"{scenario.Counts}{Environment.NewLine}{scenario.Logs}");
    }
}
