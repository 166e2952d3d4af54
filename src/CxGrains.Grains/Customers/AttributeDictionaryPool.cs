using System.Collections.Concurrent;

namespace CxGrains.Grains.Customers;

/// <summary>
/// Shares one <see cref="AttributeDictionary"/> instance among the customers of a silo with equal attributes.
/// Bounded, so high-cardinality attributes cannot grow it without limit: once full, sets are simply
/// not shared. Sets cache their segment keys, so a pooled set belongs to one silo.
/// </summary>
public sealed class AttributeDictionaryPool
{
    private const int Capacity = 100_000;
    private readonly ConcurrentDictionary<AttributeDictionary, AttributeDictionary> _pool = new();

    // The silo's own empty set: sets cache segment keys, which depend on the silo's configuration.
    private readonly AttributeDictionary _empty = AttributeDictionary.CreateEmpty();

    /// <summary>The pooled instance equal to <paramref name="set"/>.</summary>
    public AttributeDictionary Intern(AttributeDictionary set)
    {
        if (set.Count == 0)
        {
            return _empty;
        }

        if (_pool.TryGetValue(set, out var pooled))
        {
            return pooled;
        }

        return _pool.Count < Capacity ? _pool.GetOrAdd(set, set) : set;
    }
}
