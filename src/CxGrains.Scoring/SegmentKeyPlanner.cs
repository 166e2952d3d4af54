namespace CxGrains.Scoring;

/// <summary>
/// Plans the segment keys an event contributes to, and defines their canonical form: <c>all</c>, or
/// <c>name=value</c> parts sorted by name (ordinal) and joined with <c>|</c>, e.g. <c>channel=PHONE|tier=gold</c>.
/// Names and values are case-sensitive and may not be empty or contain <c>=</c> or <c>|</c>.
/// One canonical form means one segment grain per segment, whichever order a caller lists the parts in.
/// </summary>
public sealed class SegmentKeyPlanner
{
    /// <summary>The key of the segment every event belongs to.</summary>
    public const string All = "all";

    private const char PartSeparator = '|';
    private const char ValueSeparator = '=';

    private readonly string[] _dimensions;
    private readonly string[][] _pairs;

    /// <summary>Creates a planner for the configured dimensions and dimension pairs.</summary>
    /// <param name="dimensions">Dimensions that get a segment of their own, e.g. region, tier, product, channel, stage.</param>
    /// <param name="pairs">Pairs of dimensions that get a combined segment, e.g. [tier, channel].</param>
    /// <exception cref="ArgumentException">A name is invalid or repeated, or a pair does not have two distinct valid names.</exception>
    public SegmentKeyPlanner(IEnumerable<string> dimensions, IEnumerable<IReadOnlyList<string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(pairs);

        var names = dimensions.ToArray();
        foreach (var name in names)
        {
            RequireValidName(name, nameof(dimensions));
        }

        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            throw new ArgumentException("A segment dimension is listed twice.", nameof(dimensions));
        }

        Array.Sort(names, StringComparer.Ordinal);
        _dimensions = names;

        var planned = new List<string[]>();
        foreach (var pair in pairs)
        {
            if (pair is null || pair.Count != 2)
            {
                throw new ArgumentException("A segment pair must name exactly two dimensions.", nameof(pairs));
            }

            RequireValidName(pair[0], nameof(pairs));
            RequireValidName(pair[1], nameof(pairs));
            var sorted = new[] { pair[0], pair[1] };
            Array.Sort(sorted, StringComparer.Ordinal);
            if (sorted[0] == sorted[1])
            {
                throw new ArgumentException($"Segment pair [{sorted[0]}, {sorted[1]}] names one dimension twice.", nameof(pairs));
            }

            // A pair listed twice (in either order) plans one key.
            if (!planned.Any(p => p[0] == sorted[0] && p[1] == sorted[1]))
            {
                planned.Add(sorted);
            }
        }

        _pairs = [.. planned];
    }

    /// <summary>The configured single dimensions, sorted by name.</summary>
    public IReadOnlyList<string> Dimensions => _dimensions;

    /// <summary>
    /// The canonical key of a set of parts: <c>all</c> when empty, otherwise <c>name=value</c> parts sorted by
    /// name (ordinal) and joined with <c>|</c>.
    /// </summary>
    /// <param name="parts">The dimension values.</param>
    /// <returns>The canonical key.</returns>
    /// <exception cref="ArgumentException">A name or value is invalid, or a name repeats.</exception>
    public static string Canonical(IEnumerable<KeyValuePair<string, string>> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var sorted = parts.ToArray();
        if (sorted.Length == 0)
        {
            return All;
        }

        Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        for (var i = 0; i < sorted.Length; i++)
        {
            RequireValidName(sorted[i].Key, nameof(parts));
            if (!IsValidValue(sorted[i].Value))
            {
                throw new ArgumentException($"Segment value '{sorted[i].Value}' of '{sorted[i].Key}' is empty or contains '=' or '|'.", nameof(parts));
            }

            if (i > 0 && sorted[i - 1].Key == sorted[i].Key)
            {
                throw new ArgumentException($"Segment dimension '{sorted[i].Key}' appears twice.", nameof(parts));
            }
        }

        return string.Join(PartSeparator, sorted.Select(p => p.Key + ValueSeparator + p.Value));
    }

    /// <summary>
    /// Parses and validates a key: <c>all</c>, or non-empty <c>name=value</c> parts joined with <c>|</c>, names
    /// strictly ascending (ordinal), so that only the canonical form is accepted.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="parts">The parts (empty for <c>all</c>), or empty on failure.</param>
    /// <param name="error">Why the key is invalid, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the key is valid and canonical.</returns>
    public static bool TryParse(string key, out IReadOnlyList<KeyValuePair<string, string>> parts, out string? error)
    {
        parts = [];
        if (string.IsNullOrEmpty(key))
        {
            error = "Segment key is empty.";
            return false;
        }

        if (key == All)
        {
            error = null;
            return true;
        }

        var result = new List<KeyValuePair<string, string>>();
        foreach (var part in key.Split(PartSeparator))
        {
            var separator = part.IndexOf(ValueSeparator, StringComparison.Ordinal);
            if (separator < 0)
            {
                error = $"Segment key part '{part}' is not name=value.";
                return false;
            }

            var name = part[..separator];
            var value = part[(separator + 1)..];
            if (!IsValidName(name))
            {
                error = $"Segment key part '{part}' has an empty or invalid name.";
                return false;
            }

            if (!IsValidValue(value))
            {
                error = $"Segment key part '{part}' has an empty or invalid value.";
                return false;
            }

            if (result.Count > 0)
            {
                var order = string.CompareOrdinal(result[^1].Key, name);
                if (order == 0)
                {
                    error = $"Segment dimension '{name}' appears twice.";
                    return false;
                }

                if (order > 0)
                {
                    error = $"Segment dimensions are not sorted: '{name}' comes after '{result[^1].Key}'.";
                    return false;
                }
            }

            result.Add(new KeyValuePair<string, string>(name, value));
        }

        parts = result;
        error = null;
        return true;
    }

    /// <summary>Whether a dimension name is usable in a key: non-empty, without <c>=</c> or <c>|</c>, and not <c>all</c>.</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidName(string? name) => IsValidValue(name) && name != All;

    /// <summary>Whether a dimension value is usable in a key: non-empty, without <c>=</c> or <c>|</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidValue(string? value) =>
        !string.IsNullOrEmpty(value) && value.AsSpan().IndexOfAny(ValueSeparator, PartSeparator) < 0;

    /// <summary>
    /// The segment keys an event with these dimension values belongs to: <c>all</c>, then one per configured
    /// dimension that has a value (sorted by name), then one per configured pair whose two values are both present.
    /// Values that are empty or contain <c>=</c> or <c>|</c> count as absent (ingest rejects them first).
    /// </summary>
    /// <param name="dimensionValues">The event's attributes; names not configured are ignored.</param>
    /// <returns>The canonical keys.</returns>
    public IReadOnlyList<string> KeysFor(IReadOnlyDictionary<string, string> dimensionValues)
    {
        ArgumentNullException.ThrowIfNull(dimensionValues);
        var keys = new List<string>(1 + _dimensions.Length + _pairs.Length) { All };
        foreach (var name in _dimensions)
        {
            if (TryValue(dimensionValues, name, out var value))
            {
                keys.Add(name + ValueSeparator + value);
            }
        }

        foreach (var pair in _pairs)
        {
            // Names within a pair are already sorted, so this is canonical.
            if (TryValue(dimensionValues, pair[0], out var first) && TryValue(dimensionValues, pair[1], out var second))
            {
                keys.Add(pair[0] + ValueSeparator + first + PartSeparator + pair[1] + ValueSeparator + second);
            }
        }

        return keys;
    }

    private static bool TryValue(IReadOnlyDictionary<string, string> values, string name, out string value) =>
        values.TryGetValue(name, out value!) && IsValidValue(value);

    private static void RequireValidName(string? name, string parameter)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException($"Segment dimension name '{name}' is empty, 'all', or contains '=' or '|'.", parameter);
        }
    }
}
