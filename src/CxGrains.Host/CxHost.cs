using CxGrains.Host.Dashboard;
using CxGrains.Host.Hosting;

namespace CxGrains.Host;

/// <summary>
/// Builds the CxGrains process: by default an Orleans silo with its web front end; with
/// <c>Cx:Mode</c> = <c>FrontEnd</c> the same front end as a stateless Orleans client of the cluster.
/// </summary>
public static class CxHost
{
    /// <summary>Creates the application; tests call this with their own configuration.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="configure">Adds configuration sources after the defaults (so they win).</param>
    /// <param name="configureBuilder">
    /// Adjusts the builder before the silo and front end are added, e.g. to add a logging provider.
    /// </param>
    public static WebApplication Create(
        string[] args,
        Action<IConfigurationBuilder>? configure = null,
        Action<WebApplicationBuilder>? configureBuilder = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = HostContentRoot.Choose(args) });
        configure?.Invoke(builder.Configuration);
        configureBuilder?.Invoke(builder);

        // The front end reaches grains only through IGrainFactory, which the silo and the client both provide.
        var mode = HostModes.Read(builder.Configuration);
        if (mode == HostMode.FrontEnd)
        {
            builder.AddCxClusterClient();
        }
        else
        {
            builder.AddCxSilo();
        }

        // Kestrel is configured from these before the container validates them: fail early, naming the setting.
        ConfiguredOptions.Bind<EndpointOptions>(builder.Configuration, EndpointOptions.Section);
        builder.AddCxGracefulShutdown();
        builder.AddCxFrontEnd();
        builder.AddCxDashboard(mode);

        var app = builder.Build();
        HostContentRoot.LogConfigurationFiles(app);
        GarbageCollectorSettings.Log(app.Logger);
        app.MapCxFrontEnd();
        return app;
    }
}
