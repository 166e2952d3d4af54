using CxGrains.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace CxGrains.Client.Tests;

/// <summary>The fake ingest service on a real loopback gRPC server, behaving as <see cref="FakeIngestBehavior"/> says.</summary>
internal static class FakeIngestServer
{
    public static Task<LoopbackGrpcServer> StartAsync(FakeIngestBehavior behavior, ServerReceipts? receipts = null) =>
        LoopbackGrpcServer.StartAsync<FakeIngestService>(services => services.AddSingleton(behavior).AddSingleton(receipts ?? new ServerReceipts()));
}
