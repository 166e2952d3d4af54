using CxGrains.Host.Hosting;

namespace CxGrains.Host;

/// <summary>Builds the CxGrains process: an Orleans silo with its web front end.</summary>
public static class CxHost
{
    /// <summary>Creates the application; tests call this with their own configuration.</summary>
    public static WebApplication Create(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.AddCxSilo();
        builder.AddCxFrontEnd();

        var app = builder.Build();
        app.MapCxFrontEnd();
        return app;
    }
}
