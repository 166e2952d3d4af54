using CxGrains.Abstractions;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// A segment's at-risk list, bounded: the highest-priority entries (value × churn risk, then lowest
/// health, then id) up to a capacity. Upserting into a full list drops its lowest entry, so the
/// segment's state and writes stay the same size at any number of customers; band counts are kept
/// elsewhere and stay exact. A customer pushed out comes back when its health next changes. Keeps
/// the stored dictionary and a sorted index of it in step.
/// </summary>
public sealed class AtRiskRanking
{
    private readonly SortedSet<AtRiskEntry> _order = new(ByPriority.Instance);
    private readonly int _capacity;

    /// <summary>Indexes <paramref name="entries"/> (the stored list), dropping the lowest beyond <paramref name="capacity"/>.</summary>
    public AtRiskRanking(Dictionary<string, AtRiskEntry> entries, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Entries = entries;
        _capacity = capacity;
        foreach (var entry in entries.Values)
        {
            _order.Add(entry);
        }

        Trim();
    }

    /// <summary>The stored entries this ranking indexes.</summary>
    public Dictionary<string, AtRiskEntry> Entries { get; }

    /// <summary>Adds or replaces a customer's entry; drops the lowest entry when over capacity.</summary>
    public void Upsert(AtRiskEntry entry)
    {
        if (Entries.Remove(entry.CustomerId, out var previous))
        {
            _order.Remove(previous);
        }

        Entries[entry.CustomerId] = entry;
        _order.Add(entry);
        Trim();
    }

    /// <summary>Removes a customer's entry, if it has one.</summary>
    public void Remove(string customerId)
    {
        if (Entries.Remove(customerId, out var previous))
        {
            _order.Remove(previous);
        }
    }

    /// <summary>The first <paramref name="limit"/> entries, highest priority first.</summary>
    public IReadOnlyList<AtRiskEntry> Top(int limit) => [.. _order.Take(limit)];

    private void Trim()
    {
        while (_order.Count > _capacity)
        {
            var lowest = _order.Max!;
            _order.Remove(lowest);
            Entries.Remove(lowest.CustomerId);
        }
    }

    /// <summary>Highest priority first, then lowest health, then customer id: a total order, as a sorted set needs.</summary>
    private sealed class ByPriority : IComparer<AtRiskEntry>
    {
        public static readonly ByPriority Instance = new();

        public int Compare(AtRiskEntry? x, AtRiskEntry? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }

            var byPriority = y.Priority.CompareTo(x.Priority);
            if (byPriority != 0)
            {
                return byPriority;
            }

            var byHealth = x.HealthScore.CompareTo(y.HealthScore);
            return byHealth != 0 ? byHealth : string.CompareOrdinal(x.CustomerId, y.CustomerId);
        }
    }
}
