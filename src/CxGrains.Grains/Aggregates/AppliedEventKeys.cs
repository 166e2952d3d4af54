namespace CxGrains.Grains.Aggregates;

/// <summary>
/// The dedupe keys of the events a touchpoint applied recently (ack mode durable), persisted with its
/// state so that a customer's resend after a crash is recognised even by a reactivated touchpoint.
/// Kept in time slices: a key is remembered for at least the horizon after it was applied, then
/// dropped with its slice; a capacity bounds the set when a touchpoint is very busy.
/// </summary>
[GenerateSerializer, Alias("cx.AppliedEventKeys.v1")]
public sealed class AppliedEventKeys
{
    [NonSerialized] private HashSet<long>? _index;
    [NonSerialized] private long _evictedEarly;

    /// <summary>Slices, oldest first.</summary>
    [Id(0)] public List<AppliedKeySlice> Slices { get; set; } = [];

    /// <summary>Keys remembered.</summary>
    public int Count => Slices.Sum(s => s.Keys.Count);

    /// <summary>Keys dropped before their horizon because the capacity was reached (not persisted).</summary>
    public long EvictedEarly => _evictedEarly;

    /// <summary>Forgets slices wholly older than <paramref name="horizon"/>, then the oldest ones beyond <paramref name="capacity"/>.</summary>
    public void Expire(long nowTicks, TimeSpan horizon, int capacity)
    {
        var width = SliceWidth(horizon);
        while (Slices.Count > 0 && Slices[0].StartedAtTicks + width <= nowTicks - horizon.Ticks)
        {
            Drop();
        }

        var count = Count;
        while (Slices.Count > 1 && count > capacity)
        {
            count -= Slices[0].Keys.Count;
            _evictedEarly += Slices[0].Keys.Count;
            Drop();
        }
    }

    /// <summary>Remembers <paramref name="key"/>; false when it was already known (a resend).</summary>
    public bool TryAdd(long key, long nowTicks, TimeSpan horizon)
    {
        var index = Index();
        if (!index.Add(key))
        {
            return false;
        }

        var width = SliceWidth(horizon);
        if (Slices.Count == 0 || Slices[^1].StartedAtTicks + width <= nowTicks)
        {
            Slices.Add(new AppliedKeySlice { StartedAtTicks = nowTicks });
        }

        Slices[^1].Keys.Add(key);
        return true;
    }

    /// <summary>True when <paramref name="key"/> is remembered.</summary>
    public bool Contains(long key) => Index().Contains(key);

    // Ten slices per horizon: a key lives between the horizon and 1.1 times it.
    private static long SliceWidth(TimeSpan horizon) => Math.Max(TimeSpan.TicksPerSecond, horizon.Ticks / 10);

    private HashSet<long> Index()
    {
        if (_index is null)
        {
            _index = new HashSet<long>(Count);
            foreach (var slice in Slices)
            {
                _index.UnionWith(slice.Keys);
            }
        }

        return _index;
    }

    private void Drop()
    {
        if (_index is not null)
        {
            _index.ExceptWith(Slices[0].Keys);
        }

        Slices.RemoveAt(0);
    }
}

/// <summary>Keys applied within one slice of time.</summary>
[GenerateSerializer, Alias("cx.AppliedKeySlice.v1")]
public sealed class AppliedKeySlice
{
    /// <summary>When the first key of the slice was applied (UTC ticks).</summary>
    [Id(0)] public long StartedAtTicks { get; set; }

    /// <summary>The keys, in the order they were applied.</summary>
    [Id(1)] public List<long> Keys { get; set; } = [];
}
