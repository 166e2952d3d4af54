using CxGrains.Host.Ingest;

namespace CxGrains.Host.Hosting;

/// <summary>Wires the graceful stop: the bounded shutdown timeout and the ingest drain.</summary>
public static class ShutdownHostingExtensions
{
    /// <summary>
    /// Bounds the whole stop by <c>Cx:Shutdown:Timeout</c> and drains ingest before the web server and the
    /// silo or cluster client stop (see <see cref="IngestDrain"/>).
    /// </summary>
    public static WebApplicationBuilder AddCxGracefulShutdown(this WebApplicationBuilder builder)
    {
        var shutdown = ConfiguredOptions.Bind<ShutdownOptions>(builder.Configuration, ShutdownOptions.Section);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdown.Timeout);
        builder.Services.AddSingleton<IngestDrain>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IngestDrain>());
        return builder;
    }
}
