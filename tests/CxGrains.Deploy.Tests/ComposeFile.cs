using System.Text.RegularExpressions;

namespace CxGrains.Deploy.Tests;

/// <summary>docker-compose.yml, parsed (merge keys resolved, <c>${VAR:-default}</c> interpolated with defaults).</summary>
public sealed partial class ComposeFile
{
    public ComposeFile(string relativePath = "docker-compose.yml")
    {
        var text = Interpolation().Replace(RepoFiles.Read(relativePath), m =>
            m.Groups["default"].Success ? m.Groups["default"].Value : throw new Xunit.Sdk.XunitException($"{m.Value} has no default: the file must work without an .env"));
        Root = Yaml.Load(text);
        Services = Yaml.Map(Root.Get("services"), "services").ToDictionary(s => s.Key, s => Yaml.Map(s.Value, $"services.{s.Key}"));
    }

    public Dictionary<string, object?> Root { get; }

    public IReadOnlyDictionary<string, Dictionary<string, object?>> Services { get; }

    /// <summary>Services built from the repository's Dockerfile: the CxGrains processes.</summary>
    public IEnumerable<string> CxServices => Services.Where(s => s.Value.Get("build") is not null).Select(s => s.Key);

    /// <summary>A service's environment, in either the map or the list form.</summary>
    public Dictionary<string, string?> Environment(string service) => Services[service].Get("environment") switch
    {
        null => [],
        List<object?> list => list.Select(e => Yaml.Str(e, $"{service}.environment").Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : null),
        var map => Yaml.Map(map, $"{service}.environment").ToDictionary(e => e.Key, e => (string?)e.Value),
    };

    /// <summary>depends_on as service → condition (the short list form means service_started).</summary>
    public Dictionary<string, string> DependsOn(string service) => Services[service].Get("depends_on") switch
    {
        null => [],
        List<object?> list => list.ToDictionary(d => Yaml.Str(d, $"{service}.depends_on"), _ => "service_started"),
        var map => Yaml.Map(map, $"{service}.depends_on").ToDictionary(
            d => d.Key, d => Yaml.Str(d.Value.At("condition") ?? "service_started", $"{service}.depends_on.{d.Key}.condition")),
    };

    /// <summary>Published ports as (host, container).</summary>
    public IEnumerable<(int Host, int Container)> Ports(string service) =>
        (Services[service].Get("ports") as List<object?> ?? []).Select(p =>
        {
            var parts = Yaml.Str(p, $"{service}.ports").Split('/')[0].Split(':');
            return (int.Parse(parts[^2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture));
        });

    /// <summary>Bind mounts (source relative to the compose file, target) of the short syntax.</summary>
    public IEnumerable<(string Source, string Target)> BindMounts(string service) =>
        (Services[service].Get("volumes") as List<object?> ?? [])
            .Select(v => Yaml.Str(v, $"{service}.volumes").Split(':'))
            .Where(p => p[0].StartsWith('.') || p[0].StartsWith('/'))
            .Select(p => (p[0], p[1]));

    /// <summary>Named volumes a service uses.</summary>
    public IEnumerable<string> NamedVolumes(string service) =>
        (Services[service].Get("volumes") as List<object?> ?? [])
            .Select(v => Yaml.Str(v, $"{service}.volumes").Split(':')[0])
            .Where(s => !s.StartsWith('.') && !s.StartsWith('/'));

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<default>[^}]*))?\}")]
    private static partial Regex Interpolation();
}
