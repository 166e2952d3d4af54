using CxGrains.Host.Hosting;

namespace CxGrains.Host;

/// <summary>Builds the CxGrains process: an Orleans silo with its web front end.</summary>
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
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        configureBuilder?.Invoke(builder);
        builder.AddCxSilo();
        builder.AddCxFrontEnd();

        var app = builder.Build();
        app.MapCxFrontEnd();
        return app;
    }
}
