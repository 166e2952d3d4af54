using CxGrains.Grains.Live;
using CxGrains.Host.Wallboard;
using Microsoft.Extensions.FileProviders;

namespace CxGrains.Host.Live;

/// <summary>Wires the live hub, the host's registration for pushes, the wallboard page and its saved boards.</summary>
public static class LiveExtensions
{
    /// <summary>The hub's path.</summary>
    public const string HubPath = "/hubs/cx";

    /// <summary>Registers SignalR, this host's observer and its registration, and the hub metrics.</summary>
    public static WebApplicationBuilder AddCxLive(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LiveOptions>().Bind(builder.Configuration.GetSection(LiveOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.HostExpiry > o.RenewInterval, $"{LiveOptions.Section}:HostExpiry must be longer than {LiveOptions.Section}:RenewInterval.")
            .ValidateOnStart();
        services.AddSignalR();
        services.AddCxWallboard(builder.Configuration);
        services.AddSingleton<LiveWatchers>();
        services.AddSingleton<LiveJson>();
        services.AddSingleton<LiveMetrics>();
        services.AddSingleton<LivePusher>();
        services.AddSingleton<LiveHostObserver>();
        services.AddHostedService<LiveHostRegistration>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(LiveMetrics.MeterName));
        return builder;
    }

    /// <summary>Maps the hub at <see cref="HubPath"/> and serves the wallboard (wwwroot) at <c>/</c>.</summary>
    public static WebApplication MapCxLive(this WebApplication app)
    {
        // The content root's wwwroot when it has the page (dotnet run); otherwise the copy beside
        // the assembly, so hosts started from another folder (tests, tools) serve it too.
        var files = app.Environment.WebRootFileProvider;
        var besideAssembly = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!files.GetFileInfo("index.html").Exists && Directory.Exists(besideAssembly))
        {
            files = new PhysicalFileProvider(besideAssembly);
        }

        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.MapHub<CxHub>(HubPath);
        app.MapCxWallboard();
        return app;
    }
}
