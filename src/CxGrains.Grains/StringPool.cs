using System.Collections.Concurrent;

namespace CxGrains.Grains;

/// <summary>
/// Shares one instance of strings that a million customers would otherwise each hold a copy of:
/// touchpoint ids, attribute names and values, segment keys. Bounded, so a high-cardinality
/// attribute cannot grow it without limit: once full, strings are simply not shared.
/// </summary>
public sealed class StringPool
{
    private const int Capacity = 100_000;
    private readonly ConcurrentDictionary<string, string> _pool = new(StringComparer.Ordinal);

    /// <summary>The pooled instance equal to <paramref name="value"/>.</summary>
    public string Intern(string value)
    {
        if (_pool.TryGetValue(value, out var pooled))
        {
            return pooled;
        }

        return _pool.Count < Capacity ? _pool.GetOrAdd(value, value) : value;
    }
}
