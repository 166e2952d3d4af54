namespace CxGrains.Grains.Customers;

/// <summary>
/// A fixed-capacity ring of non-zero longs stored as a plain array plus a cursor, so it persists as
/// two fields. Zero marks an empty slot. The array doubles up to the capacity on demand, so a
/// customer with three events stores four slots, and one with one event one slot, not the whole capacity.
/// </summary>
internal static class Ring
{
    /// <summary>Appends <paramref name="value"/> (non-zero), overwriting the oldest entry once full.</summary>
    public static void Add(ref long[] items, ref int next, long value, int capacity)
    {
        if (items.Length > capacity)
        {
            // Capacity was lowered in configuration: start over with the newest entries.
            items = [.. Newest(items, next, capacity)];
            next = items.Length % capacity;
        }

        if (next >= items.Length)
        {
            // Only reached while below capacity: the cursor wraps to 0 once the array is full.
            Array.Resize(ref items, Math.Min(capacity, Math.Max(1, items.Length * 2)));
        }

        items[next] = value;
        next = (next + 1) % capacity;
    }

    /// <summary>True when <paramref name="value"/> (non-zero) is in the ring.</summary>
    public static bool Contains(long[] items, long value) => Array.IndexOf(items, value) >= 0;

    private static IEnumerable<long> Newest(long[] items, int next, int count)
    {
        var ordered = items.Skip(next).Concat(items.Take(next)).Where(v => v != 0).ToArray();
        return ordered.Skip(Math.Max(0, ordered.Length - count));
    }
}
