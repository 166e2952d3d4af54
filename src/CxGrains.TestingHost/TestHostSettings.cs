using System.Globalization;

namespace CxGrains.TestingHost;

/// <summary>
/// The settings every test or benchmark host is built from, in configuration-key form
/// (<c>Cx:Section:Name</c>): loopback endpoints on free ports, API keys, embedded storage, environment.
/// </summary>
public static class TestHostSettings
{
    /// <summary>The only address test hosts listen on.</summary>
    public const string Loopback = "127.0.0.1";

    /// <summary>
    /// Listens on <see cref="Loopback"/> at <paramref name="ports"/>; the silo gets its own silo and
    /// gateway ports too, as other silos may run on this machine at the same time.
    /// </summary>
    /// <param name="ports">The ports to bind.</param>
    public static Dictionary<string, string?> OnLoopback(HostPorts ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        return new()
        {
            ["Cx:Endpoints:ListenAddress"] = Loopback,
            ["Cx:Endpoints:GrpcPort"] = ports.Grpc.ToString(CultureInfo.InvariantCulture),
            ["Cx:Endpoints:HttpPort"] = ports.Http.ToString(CultureInfo.InvariantCulture),
            ["Cx:Cluster:SiloPort"] = ports.Silo.ToString(CultureInfo.InvariantCulture),
            ["Cx:Cluster:GatewayPort"] = ports.Gateway.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary><paramref name="settings"/> over <see cref="OnLoopback"/> with freshly allocated ports: <paramref name="settings"/> win.</summary>
    /// <param name="settings">The host's own settings.</param>
    public static Dictionary<string, string?> OnFreePorts(IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var merged = OnLoopback(HostPorts.Allocate());
        foreach (var (key, value) in settings)
        {
            merged[key] = value;
        }

        return merged;
    }

    /// <summary>Configures <paramref name="keys"/> as <c>Cx:Auth:Keys:0</c>, <c>:1</c>, … in order.</summary>
    /// <param name="settings">The settings to add to.</param>
    /// <param name="keys">The keys.</param>
    /// <returns><paramref name="settings"/>.</returns>
    public static Dictionary<string, string?> WithKeys(this Dictionary<string, string?> settings, params IEnumerable<HostKey> keys)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(keys);
        var index = 0;
        foreach (var key in keys)
        {
            var prefix = $"Cx:Auth:Keys:{index++}";
            settings[$"{prefix}:Key"] = key.Key;
            settings[$"{prefix}:Role"] = key.Role;
            settings[$"{prefix}:Name"] = key.Name;
        }

        return settings;
    }

    /// <summary>Stores grains in the embedded SQLite file at <paramref name="path"/>.</summary>
    /// <param name="settings">The settings to add to.</param>
    /// <param name="path">The database file (in a temp folder the caller deletes).</param>
    /// <returns><paramref name="settings"/>.</returns>
    public static Dictionary<string, string?> WithSqlite(this Dictionary<string, string?> settings, string path)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Cx:Storage:Provider"] = "Sqlite";
        settings["Cx:Storage:SqlitePath"] = path;
        return settings;
    }

    /// <summary>Runs a host process in <paramref name="environment"/> (ASP.NET Core's and the generic host's variable both).</summary>
    /// <param name="settings">The settings to add to.</param>
    /// <param name="environment">Production or Development.</param>
    /// <returns><paramref name="settings"/>.</returns>
    public static Dictionary<string, string?> WithEnvironment(this Dictionary<string, string?> settings, string environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["ASPNETCORE_ENVIRONMENT"] = environment;
        settings["DOTNET_ENVIRONMENT"] = environment;
        return settings;
    }

    /// <summary>The port a setting names, e.g. <c>Cx:Endpoints:GrpcPort</c>.</summary>
    internal static int Port(IReadOnlyDictionary<string, string?> settings, string key) =>
        settings.TryGetValue(key, out var value) && int.TryParse(value, CultureInfo.InvariantCulture, out var port)
            ? port
            : throw new InvalidOperationException($"The host's settings have no {key}.");
}
