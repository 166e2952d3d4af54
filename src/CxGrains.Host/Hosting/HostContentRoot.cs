using Microsoft.Extensions.Configuration.Json;

namespace CxGrains.Host.Hosting;

/// <summary>
/// Where the host finds <c>appsettings.json</c>, the wallboard and relative paths such as the SQLite file.
/// ASP.NET Core's default is the current directory, so a host started from anywhere else would silently run
/// without its configuration file. Here an explicit content root (<c>--contentRoot</c>,
/// <c>ASPNETCORE_CONTENTROOT</c>, <c>DOTNET_CONTENTROOT</c>) wins; otherwise the current directory if it holds
/// <c>appsettings.json</c> (<c>dotnet run</c>, a container's working directory), else the application's own
/// directory.
/// </summary>
public static partial class HostContentRoot
{
    private const string SettingsFile = "appsettings.json";

    /// <summary>The content root to use, or null for ASP.NET Core's choice (explicitly set, or the current directory).</summary>
    public static string? Choose(string[] args)
    {
        var explicitlySet = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        if (explicitlySet || File.Exists(Path.Combine(Environment.CurrentDirectory, SettingsFile)))
        {
            return null;
        }

        return AppContext.BaseDirectory;
    }

    /// <summary>Logs the content root and each JSON configuration file, loaded or absent.</summary>
    public static void LogConfigurationFiles(WebApplication app)
    {
        if (!app.Logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var files = ((IConfigurationRoot)app.Configuration).Providers.OfType<JsonConfigurationProvider>()
            .Select(p => (Path: p.Source.Path ?? "", Loaded: p.Source.FileProvider?.GetFileInfo(p.Source.Path ?? "").Exists == true))
            .Select(f => f.Loaded ? f.Path : $"{f.Path} (absent)");
        var listed = string.Join(", ", files);
        var contentRoot = app.Environment.ContentRootPath;
        LogConfiguration(app.Logger, contentRoot, listed);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Content root {ContentRoot}; configuration files: {Files}")]
    private static partial void LogConfiguration(ILogger logger, string contentRoot, string files);
}
