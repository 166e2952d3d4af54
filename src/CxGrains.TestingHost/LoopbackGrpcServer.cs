using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CxGrains.TestingHost;

/// <summary>
/// A real Kestrel gRPC server (HTTP/2, plain text) on 127.0.0.1 and a port the system picks, serving
/// one service: for testing clients against a server that answers, fails or dies on cue.
/// </summary>
public sealed class LoopbackGrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackGrpcServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri Url { get; }

    /// <summary>Starts a server mapping <typeparamref name="TService"/>, with <paramref name="services"/> added to its container.</summary>
    public static async Task<LoopbackGrpcServer> StartAsync<TService>(Action<IServiceCollection>? services = null)
        where TService : class
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGrpcService<TService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackGrpcServer(app, new Uri(address));
    }

    /// <summary>Stops at once, cutting every open connection, as a crashed server would.</summary>
    public Task KillAsync() => _app.StopAsync(new CancellationToken(canceled: true));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
