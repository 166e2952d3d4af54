using System.Collections.Concurrent;
using Google.Protobuf.Collections;

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
    private readonly ConcurrentDictionary<Dictionary<string, string>, Dictionary<string, string>>.AlternateLookup<MapField<string, string>> _byContract;

    /// <summary>Creates an empty pool.</summary>
    public AttributeSets()
    {
        _sets = new(SetComparer.Instance);
        _byContract = _sets.GetAlternateLookup<MapField<string, string>>();
    }

    /// <summary>The shared dictionary equal to <paramref name="attributes"/>. Callers must not change it.</summary>
    public IReadOnlyDictionary<string, string> Of(MapField<string, string> attributes)
    {
        if (attributes.Count == 0)
        {
            return Empty;
        }

        if (_byContract.TryGetValue(attributes, out var shared))
        {
            return shared;
        }

        var copy = SetComparer.Instance.Create(attributes);
        return _sets.Count < Capacity ? _sets.GetOrAdd(copy, copy) : copy;
    }

    // Equality of content, whatever the order the pairs were sent in.
    private sealed class SetComparer :
        IEqualityComparer<Dictionary<string, string>>,
        IAlternateEqualityComparer<MapField<string, string>, Dictionary<string, string>>
    {
        public static readonly SetComparer Instance = new();

        public bool Equals(Dictionary<string, string>? x, Dictionary<string, string>? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.Count == y.Count && Contains(y, x));

        public int GetHashCode(Dictionary<string, string> set) => HashOf(set);

        public bool Equals(MapField<string, string> alternate, Dictionary<string, string> other) =>
            alternate.Count == other.Count && Contains(other, alternate);

        public int GetHashCode(MapField<string, string> alternate) => HashOf(alternate);

        public Dictionary<string, string> Create(MapField<string, string> alternate) =>
            new(alternate, StringComparer.Ordinal);

        private static bool Contains(Dictionary<string, string> set, IEnumerable<KeyValuePair<string, string>> pairs)
        {
            foreach (var (key, value) in pairs)
            {
                if (!set.TryGetValue(key, out var known) || !string.Equals(known, value, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        private static int HashOf(IEnumerable<KeyValuePair<string, string>> pairs)
        {
            // A sum: the same pairs in any order hash alike.
            var hash = 0;
            foreach (var (key, value) in pairs)
            {
                hash += HashCode.Combine(string.GetHashCode(key, StringComparison.Ordinal), string.GetHashCode(value, StringComparison.Ordinal));
            }

            return hash;
        }
    }
}
