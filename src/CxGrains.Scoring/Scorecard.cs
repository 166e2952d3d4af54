namespace CxGrains.Scoring;

/// <summary>
/// A named, versioned health model for the customers whose attributes it matches (docs/scoring.md, "Scorecards"):
/// component weights, band thresholds, decay, staleness, the neutral prior and the missing-data policy.
/// </summary>
public sealed class Scorecard
{
    /// <summary>The name of the built-in scorecard, used when none is configured.</summary>
    public const string BuiltInName = "default";

    /// <summary>The version of the built-in scorecard.</summary>
    public const string BuiltInVersion = "1";

    private const int MaxNameLength = 64;

    /// <summary>Creates a scorecard; call <see cref="Problems"/> (or build a <see cref="ScorecardSet"/>) to check it.</summary>
    /// <param name="name">Its name: 1–64 letters, digits, '-', '_' or '.'.</param>
    /// <param name="version">Its version, in the same characters; bump it whenever a setting changes.</param>
    /// <param name="match">Attribute values a customer must all have for the scorecard to apply; none for the default.</param>
    /// <param name="model">The health model settings.</param>
    public Scorecard(string name, string version, IReadOnlyList<KeyValuePair<string, string>> match, HealthModelOptions model)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(model);
        Name = name;
        Version = version;
        Match = match;
        Model = model;

        // Built once: every customer view reports it.
        MetricVersion = $"{MetricDefinitions.Version};scorecard={name}@{version}";
    }

    /// <summary>The scorecard's name.</summary>
    public string Name { get; }

    /// <summary>The scorecard's version.</summary>
    public string Version { get; }

    /// <summary>Attribute values a customer must all have (ordinal comparison); empty for the default scorecard.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Match { get; }

    /// <summary>The health model settings.</summary>
    public HealthModelOptions Model { get; }

    /// <summary>
    /// What a customer view reports as its metric version: <see cref="MetricDefinitions.Version"/>, then the
    /// scorecard and its version, e.g. <c>cx-metrics/1;scorecard=gold@2</c>.
    /// </summary>
    public string MetricVersion { get; }

    /// <summary>The built-in scorecard over <paramref name="model"/>: matches every customer.</summary>
    /// <param name="model">The health model settings.</param>
    /// <returns>The scorecard <c>default@1</c>.</returns>
    public static Scorecard BuiltIn(HealthModelOptions model) => new(BuiltInName, BuiltInVersion, [], model);

    /// <summary>Whether a customer with <paramref name="attributes"/> has every value of <see cref="Match"/>.</summary>
    /// <param name="attributes">The customer's attributes.</param>
    /// <returns>True when all pairs match (always, for a scorecard without a match).</returns>
    public bool Matches(IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        foreach (var (name, value) in Match)
        {
            if (!attributes.TryGetValue(name, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every problem of the scorecard's own settings, as the setting's name and what is wrong; none when valid.</summary>
    /// <returns>The problems.</returns>
    public IEnumerable<(string Setting, string Problem)> Problems()
    {
        if (!IsValidName(Name))
        {
            yield return (nameof(Name), $"'{Name}' must be 1–{MaxNameLength} letters, digits, '-', '_' or '.'.");
        }

        if (!IsValidName(Version))
        {
            yield return (nameof(Version), $"'{Version}' must be 1–{MaxNameLength} letters, digits, '-', '_' or '.'.");
        }

        foreach (var (name, value) in Match)
        {
            if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(value))
            {
                yield return ($"{nameof(Match)}:{name}", "must name an attribute and give it a non-empty value.");
            }
        }

        foreach (var problem in Model.Problems())
        {
            yield return problem;
        }
    }

    private static bool IsValidName(string text) =>
        text.Length is > 0 and <= MaxNameLength && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
