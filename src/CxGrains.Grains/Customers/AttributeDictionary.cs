using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace CxGrains.Grains.Customers;

/// <summary>
/// A customer's segment attributes as an immutable, sorted array of name/value pairs. Customers with
/// the same attributes share one instance (see <see cref="AttributeDictionaryPool"/>), and with it the list
/// of segments those attributes place a customer in: a million customers in a few regions and tiers
/// hold a reference each instead of a dictionary each.
/// </summary>
public sealed class AttributeDictionary : IReadOnlyDictionary<string, string>, IEquatable<AttributeDictionary>
{
    /// <summary>No attributes.</summary>
    public static readonly AttributeDictionary Empty = new([]);

    // name0, value0, name1, value1, … ordered by name (ordinal).
    private readonly string[] _pairs;
    private string[]? _customerSegments;
    private Dictionary<string, string>? _storedForm;
    private Scoring.Scorecard? _scorecard;

    // Segment keys of an event per (channel, stage) slot; see SegmentRouting.EventSegments.
    private string[]?[]? _eventSegments;

    private AttributeDictionary(string[] pairs) => _pairs = pairs;

    /// <summary>The set holding <paramref name="attributes"/>.</summary>
    public static AttributeDictionary From(IEnumerable<KeyValuePair<string, string>> attributes)
    {
        var set = Empty;
        foreach (var (name, value) in attributes)
        {
            set = set.With(name, value);
        }

        return set;
    }

    /// <summary>A new empty set, not shared with <see cref="Empty"/>: for an owner that caches segment keys on it.</summary>
    public static AttributeDictionary CreateEmpty() => new([]);

    /// <inheritdoc />
    public int Count => _pairs.Length / 2;

    /// <inheritdoc />
    public IEnumerable<string> Keys => this.Select(p => p.Key);

    /// <inheritdoc />
    public IEnumerable<string> Values => this.Select(p => p.Value);

    /// <inheritdoc />
    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    /// <summary>The segments a customer with these attributes counts in, once computed for this (shared) set.</summary>
    public string[]? CustomerSegments
    {
        get => Volatile.Read(ref _customerSegments);
        set => Volatile.Write(ref _customerSegments, value);
    }

    /// <summary>The scorecard of a customer with these attributes, once chosen for this (shared) set.</summary>
    public Scoring.Scorecard? Scorecard
    {
        get => Volatile.Read(ref _scorecard);
        set => Volatile.Write(ref _scorecard, value);
    }

    /// <summary>
    /// The segments an event of a customer with these attributes counts in, for one (channel, stage)
    /// <paramref name="slot"/>, if <see cref="CacheEventSegments"/> stored them: the ingest path asks
    /// for them on every event, and the set is shared by many customers.
    /// </summary>
    public string[]? CachedEventSegments(int slot) =>
        Volatile.Read(ref _eventSegments) is { } cache ? Volatile.Read(ref cache[slot]) : null;

    /// <summary>Stores the segment keys of one (channel, stage) <paramref name="slot"/> of <paramref name="slots"/>.</summary>
    public string[] CacheEventSegments(int slot, int slots, string[] keys)
    {
        // A lost race only costs recomputing a slot: every thread computes the same keys.
        var cache = Volatile.Read(ref _eventSegments)
            ?? Interlocked.CompareExchange(ref _eventSegments, new string[]?[slots], null)
            ?? _eventSegments!;
        Volatile.Write(ref cache[slot], keys);
        return keys;
    }

    /// <summary>This set with <paramref name="name"/> set to <paramref name="value"/> (a new instance unless unchanged).</summary>
    public AttributeDictionary With(string name, string value)
    {
        var index = IndexOf(name);
        if (index >= 0)
        {
            if (_pairs[(2 * index) + 1] == value)
            {
                return this;
            }

            var replaced = (string[])_pairs.Clone();
            replaced[(2 * index) + 1] = value;
            return new AttributeDictionary(replaced);
        }

        var insertAt = ~index;
        var added = new string[_pairs.Length + 2];
        Array.Copy(_pairs, 0, added, 0, 2 * insertAt);
        added[2 * insertAt] = name;
        added[(2 * insertAt) + 1] = value;
        Array.Copy(_pairs, 2 * insertAt, added, (2 * insertAt) + 2, _pairs.Length - (2 * insertAt));
        return new AttributeDictionary(added);
    }

    /// <summary>The value of <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public string GetValueOrDefault(string name, string fallback) => TryGetValue(name, out var value) ? value : fallback;

    /// <summary>
    /// The stored form, made once per set: every customer holding this (interned) set writes the same dictionary,
    /// instead of a new copy on each write. Shared, so never changed; the serializer only reads it.
    /// </summary>
    public Dictionary<string, string> StoredForm => _storedForm ??= ToDictionary();

    /// <summary>A dictionary copy (the stored form).</summary>
    public Dictionary<string, string> ToDictionary()
    {
        var dictionary = new Dictionary<string, string>(Count, StringComparer.Ordinal);
        foreach (var (name, value) in this)
        {
            dictionary[name] = value;
        }

        return dictionary;
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _pairs[(2 * index) + 1] : null;
        return index >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _pairs.Length; i += 2)
        {
            yield return new KeyValuePair<string, string>(_pairs[i], _pairs[i + 1]);
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(AttributeDictionary? other) =>
        other is not null && (ReferenceEquals(this, other) || _pairs.AsSpan().SequenceEqual(other._pairs));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AttributeDictionary);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var text in _pairs)
        {
            hash.Add(text, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    // Binary search over the names: the index of the pair, or the complement of where it belongs.
    private int IndexOf(string name)
    {
        int low = 0, high = Count - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var order = string.CompareOrdinal(_pairs[2 * middle], name);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }
}
