using System.Collections.Concurrent;
namespace CxGrains.Host.Ingest;

/// <summary>
/// Hands out one shared, read-only dictionary per distinct set of event attributes, so converting an
/// event costs a lookup instead of a new dictionary: a channel sends the same few regions, tiers and
/// products over and over. Bounded, so high-cardinality attributes cannot grow it without limit:
/// once full, new sets are simply copied, as they would be without it.
/// </summary>
public sealed class AttributeSets
{
    private const int Capacity = 10_000;

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<Dictionary<string, string>, Dictionary<string, string>> _sets;
    private readonly ConcurrentDictionary<Dictionary<string, string>, Dictionary<string, string>>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, string>>> _byPairs;

    /// <summary>Creates an empty pool.</summary>
    public AttributeSets()
    {
        _sets = new(SetComparer.Instance);
        _byPairs = _sets.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, string>>>();
    }

    /// <summary>The shared dictionary equal to <paramref name="attributes"/>. Callers must not change it.</summary>
    public IReadOnlyDictionary<string, string> Of(ReadOnlySpan<KeyValuePair<string, string>> attributes)
    {
        if (attributes.Length == 0)
        {
            return Empty;
        }

        if (_byPairs.TryGetValue(attributes, out var shared))
        {
            return shared;
        }

        var copy = SetComparer.Instance.Create(attributes);
        return _sets.Count < Capacity ? _sets.GetOrAdd(copy, copy) : copy;
    }

    // Equality of content, whatever the order the pairs were sent in.
    private sealed class SetComparer :
        IEqualityComparer<Dictionary<string, string>>,
        IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, string>>, Dictionary<string, string>>
    {
        public static readonly SetComparer Instance = new();

        public bool Equals(Dictionary<string, string>? x, Dictionary<string, string>? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.Count == y.Count && x.All(pair => Holds(y, pair.Key, pair.Value)));

        public int GetHashCode(Dictionary<string, string> set)
        {
            var hash = 0;
            foreach (var (key, value) in set)
            {
                hash += HashOf(key, value);
            }

            return hash;
        }

        public bool Equals(ReadOnlySpan<KeyValuePair<string, string>> alternate, Dictionary<string, string> other)
        {
            if (alternate.Length != other.Count)
            {
                return false;
            }

            foreach (var (key, value) in alternate)
            {
                if (!Holds(other, key, value))
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode(ReadOnlySpan<KeyValuePair<string, string>> alternate)
        {
            var hash = 0;
            foreach (var (key, value) in alternate)
            {
                hash += HashOf(key, value);
            }

            return hash;
        }

        public Dictionary<string, string> Create(ReadOnlySpan<KeyValuePair<string, string>> alternate)
        {
            var set = new Dictionary<string, string>(alternate.Length, StringComparer.Ordinal);
            foreach (var (key, value) in alternate)
            {
                set[key] = value;
            }

            return set;
        }

        private static bool Holds(Dictionary<string, string> set, string key, string value) =>
            set.TryGetValue(key, out var known) && string.Equals(known, value, StringComparison.Ordinal);

        // Summed over the pairs: the same pairs in any order hash alike.
        private static int HashOf(string key, string value) =>
            HashCode.Combine(string.GetHashCode(key, StringComparison.Ordinal), string.GetHashCode(value, StringComparison.Ordinal));
    }
}
