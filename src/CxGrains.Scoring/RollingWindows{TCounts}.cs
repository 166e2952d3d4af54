using System.Runtime.CompilerServices;

namespace CxGrains.Scoring;

/// <summary>
/// The 1-minute, 15-minute, 1-hour and 24-hour rolling windows of any mergeable counts, as rings of time
/// buckets. Events are placed by business time (<c>occurred_at</c>): a late event that is still inside a window
/// lands in the bucket it belongs to; one that is older than a window skips that window only.
/// Updates are O(1) and allocate nothing. Not thread-safe: one owner (a grain) at a time.
/// </summary>
/// <remarks>
/// Layout (our choice, docs/scoring.md "Windows"): 1 min = 12 × 5 s, 15 min = 15 × 1 min, 1 h = 12 × 5 min,
/// 24 h = 24 × 1 h, so each window moves in steps of at most 1/12 of its length while costing at most 24 buckets.
/// A bucket's index is <c>ticks / width</c>; the total of a window at time <c>now</c> sums the buckets whose index
/// is in <c>(cur − N, cur]</c>, <c>cur = now / width</c>. A ring slot remembers its index and is reset when reused.
/// </remarks>
/// <typeparam name="TCounts">What a bucket counts.</typeparam>
public class RollingWindows<TCounts>
    where TCounts : struct, IWindowCounts<TCounts>
{
    // Slot s of a ring holds the bucket whose index is ≡ s (mod N); index −1 marks a slot never used.
    private readonly Ring _minute = new(WindowLayout.MinuteBuckets);
    private readonly Ring _quarter = new(WindowLayout.QuarterBuckets);
    private readonly Ring _hour = new(WindowLayout.HourBuckets);
    private readonly Ring _day = new(WindowLayout.DayBuckets);

    /// <summary>Creates empty windows.</summary>
    protected RollingWindows()
    {
    }

    /// <summary>Restores exported buckets; buckets of one index are merged, and an older bucket never displaces a newer one.</summary>
    /// <param name="buckets">Buckets from <see cref="Export()"/>.</param>
    /// <exception cref="ArgumentException">A bucket names an unknown window or a negative index.</exception>
    protected void Restore(IEnumerable<WindowBucket<TCounts>> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        foreach (var bucket in buckets)
        {
            if (bucket.BucketIndex < 0)
            {
                throw new ArgumentException($"Bucket index {bucket.BucketIndex} is negative.", nameof(buckets));
            }

            if (!Enum.IsDefined(bucket.Window))
            {
                throw new ArgumentException($"Unknown window {bucket.Window}.", nameof(buckets));
            }

            RingOf(bucket.Window).Place(bucket.BucketIndex, bucket.Counts);
        }
    }

    /// <summary>
    /// Adds counts to the bucket of <paramref name="occurredAtTicks"/> in every window that still covers it.
    /// A time after <paramref name="nowTicks"/> is placed at now (clocks differ; the event is not lost); a time
    /// older than a window skips that window. Allocation-free.
    /// </summary>
    /// <param name="occurredAtTicks">Business time of the counted event(s), UTC ticks.</param>
    /// <param name="delta">The counts to add, usually of one event.</param>
    /// <param name="nowTicks">The current time, UTC ticks.</param>
    public void Record(long occurredAtTicks, in TCounts delta, long nowTicks)
    {
        var at = Math.Min(occurredAtTicks, nowTicks);
        if (at < 0)
        {
            return; // before year 1: no window covers it, and ring slots are addressed by non-negative indices
        }

        Add(_minute, WindowLayout.MinuteBucketTicks, WindowLayout.MinuteBuckets, at, nowTicks, delta);
        Add(_quarter, WindowLayout.QuarterBucketTicks, WindowLayout.QuarterBuckets, at, nowTicks, delta);
        Add(_hour, WindowLayout.HourBucketTicks, WindowLayout.HourBuckets, at, nowTicks, delta);
        Add(_day, WindowLayout.DayBucketTicks, WindowLayout.DayBuckets, at, nowTicks, delta);
    }

    /// <summary>The counts of a window at a time: the buckets with index in <c>(cur − N, cur]</c>, <c>cur = now / width</c>.</summary>
    /// <param name="window">The window.</param>
    /// <param name="nowTicks">The current time, UTC ticks.</param>
    /// <returns>The merged counts.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown window.</exception>
    public TCounts Total(WindowKind window, long nowTicks)
    {
        var ring = RingOf(window);
        var current = nowTicks / WindowLayout.WidthTicks(window);
        var oldest = current - ring.Indices.Length;
        var total = default(TCounts);
        for (var slot = 0; slot < ring.Indices.Length; slot++)
        {
            var index = ring.Indices[slot];
            if (index > oldest && index <= current)
            {
                total.Merge(ring.Counts[slot]);
            }
        }

        return total;
    }

    /// <summary>
    /// The first time after <paramref name="nowTicks"/> at which some window's total changes with no new
    /// event: when its oldest non-empty bucket leaves it. Null when every window is empty. Lets a live
    /// view show figures that change by ageing alone.
    /// </summary>
    /// <param name="nowTicks">The current time, UTC ticks.</param>
    /// <returns>UTC ticks, or null.</returns>
    public long? NextAgeingTicks(long nowTicks)
    {
        long? next = null;
        foreach (var window in Enum.GetValues<WindowKind>())
        {
            var ring = RingOf(window);
            var width = WindowLayout.WidthTicks(window);
            var current = nowTicks / width;
            for (var slot = 0; slot < ring.Indices.Length; slot++)
            {
                var index = ring.Indices[slot];
                if (index > current - ring.Indices.Length && index <= current && !ring.Counts[slot].IsEmpty)
                {
                    // Total counts bucket i while now / width < i + N: it leaves at (i + N) * width.
                    var leaves = (index + ring.Indices.Length) * width;
                    next = next is { } earlier ? Math.Min(earlier, leaves) : leaves;
                }
            }
        }

        return next;
    }

    /// <summary>Every non-empty bucket of every window, for persistence.</summary>
    /// <returns>The buckets, by window then slot.</returns>
    public IReadOnlyList<WindowBucket<TCounts>> Export() => Export(long.MinValue);

    /// <summary>The non-empty buckets that are still inside their window at <paramref name="nowTicks"/>, for persistence.</summary>
    /// <param name="nowTicks">The current time, UTC ticks.</param>
    /// <returns>The buckets, by window then slot.</returns>
    public IReadOnlyList<WindowBucket<TCounts>> Export(long nowTicks)
    {
        var buckets = new List<WindowBucket<TCounts>>();
        Collect(buckets, WindowKind.OneMinute, nowTicks);
        Collect(buckets, WindowKind.FifteenMinutes, nowTicks);
        Collect(buckets, WindowKind.OneHour, nowTicks);
        Collect(buckets, WindowKind.OneDay, nowTicks);
        return buckets;
    }

    // Inlined with constant width and count, so the divisions become multiplications.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(Ring ring, long width, int count, long at, long now, in TCounts delta)
    {
        var index = at / width;
        if (index <= (now / width) - count)
        {
            return; // older than the window: it has already passed
        }

        var slot = (int)(index % count);
        ref var slotIndex = ref ring.Indices[slot];
        if (slotIndex == index)
        {
            ring.Counts[slot].Merge(delta);
        }
        else if (slotIndex < index)
        {
            // Reuse: the slot held a bucket that has left the window.
            slotIndex = index;
            ring.Counts[slot] = delta;
        }

        // Otherwise the slot holds a newer bucket (the caller's clock went back): this time has already passed.
    }

    private Ring RingOf(WindowKind window) => window switch
    {
        WindowKind.OneMinute => _minute,
        WindowKind.FifteenMinutes => _quarter,
        WindowKind.OneHour => _hour,
        WindowKind.OneDay => _day,
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, "Unknown window."),
    };

    private void Collect(List<WindowBucket<TCounts>> buckets, WindowKind window, long nowTicks)
    {
        var ring = RingOf(window);
        var oldest = nowTicks == long.MinValue ? long.MinValue : (nowTicks / WindowLayout.WidthTicks(window)) - ring.Indices.Length;
        for (var slot = 0; slot < ring.Indices.Length; slot++)
        {
            var index = ring.Indices[slot];
            if (index >= 0 && index > oldest && !ring.Counts[slot].IsEmpty)
            {
                buckets.Add(new WindowBucket<TCounts>(window, index, ring.Counts[slot]));
            }
        }
    }

    private sealed class Ring
    {
        public Ring(int count)
        {
            Indices = new long[count];
            Counts = new TCounts[count];
            Array.Fill(Indices, -1L);
        }

        public long[] Indices { get; }

        public TCounts[] Counts { get; }

        public void Place(long index, in TCounts counts)
        {
            var slot = (int)(index % Indices.Length);
            if (Indices[slot] == index)
            {
                Counts[slot].Merge(counts);
            }
            else if (Indices[slot] < index)
            {
                Indices[slot] = index;
                Counts[slot] = counts;
            }
        }
    }
}
