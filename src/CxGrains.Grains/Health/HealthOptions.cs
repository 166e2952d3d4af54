using CxGrains.Scoring;
using Microsoft.Extensions.Configuration;

namespace CxGrains.Grains.Health;

/// <summary>The scorecards customers are scored by. Section <c>Cx:Health</c>; none configured means the built-in one.</summary>
public sealed class HealthOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Health";

    /// <summary>
    /// The configured scorecards, most specific first; the last has no match and scores everyone the others do not.
    /// Empty: every customer is scored by the built-in <c>default@1</c> over <c>Cx:Customers:Health</c>.
    /// </summary>
    public List<Scorecard> Scorecards { get; set; } = [];

    /// <summary>
    /// Reads <c>Cx:Health:Scorecards</c>: per entry <c>Name</c>, <c>Version</c>, <c>Match</c> (attribute → value) and
    /// the health model settings by their <see cref="HealthModelOptions"/> names, each defaulting to the built-in value.
    /// </summary>
    /// <exception cref="InvalidOperationException">A value has the wrong format; the message names its key.</exception>
    public static List<Scorecard> Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var scorecards = new List<Scorecard>();
        foreach (var entry in configuration.GetSection($"{Section}:Scorecards").GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue))
        {
            // A fresh instance per entry: binding into the shared default would change it for everyone.
            var model = HealthModelOptions.Default with { };
            entry.Bind(model);
            var match = entry.GetSection("Match").GetChildren().Select(p => new KeyValuePair<string, string>(p.Key, p.Value ?? "")).ToList();
            scorecards.Add(new Scorecard(entry["Name"] ?? "", entry["Version"] ?? "", match, model));
        }

        return scorecards;
    }
}
