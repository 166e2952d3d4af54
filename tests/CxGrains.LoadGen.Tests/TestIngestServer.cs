using CxGrains.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace CxGrains.LoadGen.Tests;

/// <summary>The test ingest service on a real loopback gRPC server, with options aimed at it.</summary>
internal sealed class TestIngestServer : IAsyncDisposable
{
    private readonly LoopbackGrpcServer _server;

    private TestIngestServer(LoopbackGrpcServer server, TestIngestBehavior behavior)
    {
        _server = server;
        Behavior = behavior;
    }

    public Uri Url => _server.Url;

    public TestIngestBehavior Behavior { get; }

    public static async Task<TestIngestServer> StartAsync(TestIngestBehavior? behavior = null)
    {
        behavior ??= new TestIngestBehavior();
        var server = await LoopbackGrpcServer.StartAsync<TestIngestService>(services => services.AddSingleton(behavior));
        return new TestIngestServer(server, behavior);
    }
    /// <summary>Options aimed at this server with small, fast defaults for tests.</summary>
    public LoadOptions Options(long? totalEvents, int customers = 2_000) => new()
    {
        Url = Url,
        ApiKey = Behavior.ApiKey,
        TotalEvents = totalEvents,
        Synthetic = new SyntheticOptions { Customers = customers, Touchpoints = 40, Seed = 7 },
        ReconnectDelay = TimeSpan.FromMilliseconds(10),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(100),
        DrainTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Stops at once, cutting every open connection, as a crashed server would.</summary>
    public Task KillAsync() => _server.KillAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
