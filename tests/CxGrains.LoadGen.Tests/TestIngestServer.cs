using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CxGrains.LoadGen.Tests;

/// <summary>A real Kestrel HTTP/2 (plain text) gRPC server on 127.0.0.1 and a free port.</summary>
internal sealed class TestIngestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestIngestServer(WebApplication app, Uri url, TestIngestBehavior behavior)
    {
        _app = app;
        Url = url;
        Behavior = behavior;
    }

    public Uri Url { get; }

    public TestIngestBehavior Behavior { get; }

    public static async Task<TestIngestServer> StartAsync(TestIngestBehavior? behavior = null)
    {
        behavior ??= new TestIngestBehavior();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(behavior);
        var app = builder.Build();
        app.MapGrpcService<TestIngestService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestIngestServer(app, new Uri(address), behavior);
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
    public Task KillAsync() => _app.StopAsync(new CancellationToken(canceled: true));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
