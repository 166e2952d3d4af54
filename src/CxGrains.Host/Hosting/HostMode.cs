using Microsoft.Extensions.Options;

namespace CxGrains.Host.Hosting;

/// <summary>What this process runs. Setting <c>Cx:Mode</c>.</summary>
public enum HostMode
{
    /// <summary>An Orleans silo hosting grains, with the web front end in the same process (the default).</summary>
    Silo,

    /// <summary>The web front end only, joined to the cluster as an Orleans client: stateless, no grains.</summary>
    FrontEnd,
}

/// <summary>Reads <c>Cx:Mode</c>.</summary>
public static class HostModes
{
    /// <summary>The configuration key.</summary>
    public const string Key = "Cx:Mode";

    /// <summary>The configured mode; <see cref="HostMode.Silo"/> when unset.</summary>
    /// <exception cref="OptionsValidationException">The value is neither <c>Silo</c> nor <c>FrontEnd</c>.</exception>
    public static HostMode Read(IConfiguration configuration)
    {
        var text = configuration[Key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return HostMode.Silo;
        }

        var name = text.Trim();
        foreach (var mode in Enum.GetValues<HostMode>())
        {
            if (string.Equals(name, mode.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return mode;
            }
        }

        throw new OptionsValidationException(Key, typeof(HostMode), [$"{Key} must be Silo or FrontEnd (got '{text}')."]);
    }
}
