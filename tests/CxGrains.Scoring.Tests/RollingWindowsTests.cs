namespace CxGrains.Scoring.Tests;

[Trait("Tier", "Fast")]
public sealed class RollingWindowsTests
{
    private static readonly WindowKind[] AllWindows = [WindowKind.OneMinute, WindowKind.FifteenMinutes, WindowKind.OneHour, WindowKind.OneDay];

    // The layout, written out from the specification: width, bucket count.
    private static readonly Dictionary<WindowKind, (long Width, int Count)> Layout = new()
    {
        [WindowKind.OneMinute] = (TimeSpan.FromSeconds(5).Ticks, 12),
        [WindowKind.FifteenMinutes] = (TimeSpan.FromMinutes(1).Ticks, 15),
        [WindowKind.OneHour] = (TimeSpan.FromMinutes(5).Ticks, 12),
        [WindowKind.OneDay] = (TimeSpan.FromHours(1).Ticks, 24),
    };

    [Fact]
    public void Layout_is_as_documented()
    {
        foreach (var window in AllWindows)
        {
            Assert.Equal(Layout[window].Width, RollingWindows.BucketWidth(window).Ticks);
            Assert.Equal(Layout[window].Count, RollingWindows.BucketCount(window));
        }

        // Each window spans its nominal length.
        Assert.Equal(TimeSpan.FromMinutes(1), RollingWindows.BucketWidth(WindowKind.OneMinute) * RollingWindows.BucketCount(WindowKind.OneMinute));
        Assert.Equal(TimeSpan.FromMinutes(15), RollingWindows.BucketWidth(WindowKind.FifteenMinutes) * RollingWindows.BucketCount(WindowKind.FifteenMinutes));
        Assert.Equal(TimeSpan.FromHours(1), RollingWindows.BucketWidth(WindowKind.OneHour) * RollingWindows.BucketCount(WindowKind.OneHour));
        Assert.Equal(TimeSpan.FromDays(1), RollingWindows.BucketWidth(WindowKind.OneDay) * RollingWindows.BucketCount(WindowKind.OneDay));
    }

    [Fact]
    public void Totals_equal_a_brute_force_filter_over_random_sequences()
    {
        var random = new Random(11);
        for (var run = 0; run < 300; run++)
        {
            var windows = new RollingWindows();
            var raw = new List<(long At, long RecordedNow, long Id)>();
            var now = Generators.Epoch + random.NextInt64(TimeSpan.TicksPerDay);
            var steps = random.Next(1, 120);
            for (var step = 0; step < steps; step++)
            {
                now += NextStep(random);
                var at = now + NextOffset(random);
                var id = step + 1;
                windows.Record(at, Delta(id), now);
                raw.Add((at, now, id));

                if (random.Next(4) == 0)
                {
                    var queryAt = now + (random.Next(3) == 0 ? NextStep(random) : 0);
                    AssertTotals(windows, raw, queryAt, run);
                }
            }

            AssertTotals(windows, raw, now, run);
            AssertTotals(windows, raw, now + TimeSpan.FromMinutes(random.Next(0, 1500)).Ticks, run);
        }
    }

    [Fact]
    public void Next_ageing_is_the_first_moment_a_total_changes_without_an_event()
    {
        var random = new Random(23);
        for (var run = 0; run < 300; run++)
        {
            var windows = new RollingWindows();
            var now = Generators.Epoch + random.NextInt64(TimeSpan.TicksPerDay);
            for (var step = random.Next(0, 40); step > 0; step--)
            {
                now += NextStep(random);
                windows.Record(now + NextOffset(random), Delta(step), now);
            }

            var at = now + (random.Next(2) == 0 ? 0 : TimeSpan.FromMinutes(random.Next(0, 1500)).Ticks);
            var next = windows.NextAgeingTicks(at);
            if (next is not { } changes)
            {
                Assert.All(AllWindows, w => Assert.Equal(0, windows.Total(w, at).Events));
                continue;
            }

            // Nothing changes before it (the totals just before equal those now), something changes at it.
            Assert.True(changes > at, $"run {run}: next ageing {changes} is not after {at}");
            Assert.All(AllWindows, w => Assert.Equal(windows.Total(w, at).Events, windows.Total(w, changes - 1).Events));
            Assert.Contains(AllWindows, w => windows.Total(w, changes).Events != windows.Total(w, changes - 1).Events);
        }
    }

    [Fact]
    public void A_bucket_expires_exactly_at_its_window_edge()
    {
        foreach (var window in AllWindows)
        {
            var (width, count) = Layout[window];
            var bucket = (Generators.Epoch / width) + 7;
            var start = bucket * width;
            var windows = new RollingWindows();
            windows.Record(start, Delta(1), start);

            // Still inside while the current bucket is within N − 1 of it, gone from the first tick of bucket + N.
            Assert.Equal(1, windows.Total(window, start).Events);
            Assert.Equal(1, windows.Total(window, ((bucket + count) * width) - 1).Events);
            Assert.Equal(0, windows.Total(window, (bucket + count) * width).Events);

            // An event in the last tick of the bucket expires at the same moment.
            var late = new RollingWindows();
            late.Record(start + width - 1, Delta(1), start + width - 1);
            Assert.Equal(1, late.Total(window, ((bucket + count) * width) - 1).Events);
            Assert.Equal(0, late.Total(window, (bucket + count) * width).Events);
        }
    }

    [Fact]
    public void A_late_event_inside_a_window_lands_in_its_own_bucket()
    {
        var now = (Generators.Epoch / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour) + TimeSpan.FromMinutes(30).Ticks;
        var windows = new RollingWindows();
        windows.Record(now, Delta(1), now);
        windows.Record(now - TimeSpan.FromSeconds(30).Ticks, Delta(2), now);

        var minuteWidth = TimeSpan.FromSeconds(5).Ticks;
        var exported = windows.Export().Where(b => b.Window == WindowKind.OneMinute).ToList();
        Assert.Contains(exported, b => b.BucketIndex == (now - TimeSpan.FromSeconds(30).Ticks) / minuteWidth && b.Counts.CsatSum == 2);
        Assert.Contains(exported, b => b.BucketIndex == now / minuteWidth && b.Counts.CsatSum == 1);

        // 35 s later the late event's bucket has left the one-minute window; the other has not.
        var later = now + TimeSpan.FromSeconds(35).Ticks;
        Assert.Equal(1, windows.Total(WindowKind.OneMinute, later).CsatSum);
        Assert.Equal(3, windows.Total(WindowKind.FifteenMinutes, later).CsatSum);
    }

    [Fact]
    public void An_event_older_than_a_window_skips_that_window_only()
    {
        var now = Generators.Epoch + TimeSpan.FromMinutes(37).Ticks;
        var windows = new RollingWindows();
        windows.Record(now - TimeSpan.FromMinutes(2).Ticks, Delta(1), now);
        Assert.Equal(0, windows.Total(WindowKind.OneMinute, now).Events);
        Assert.Equal(1, windows.Total(WindowKind.FifteenMinutes, now).Events);
        Assert.Equal(1, windows.Total(WindowKind.OneHour, now).Events);
        Assert.Equal(1, windows.Total(WindowKind.OneDay, now).Events);

        var ancient = new RollingWindows();
        ancient.Record(now - TimeSpan.FromHours(25).Ticks, Delta(1), now);
        Assert.Empty(ancient.Export());
        foreach (var window in AllWindows)
        {
            Assert.Equal(0, ancient.Total(window, now).Events);
        }
    }

    [Fact]
    public void An_event_from_the_future_is_placed_at_now()
    {
        var now = Generators.Epoch + TimeSpan.FromSeconds(12_345).Ticks;
        var windows = new RollingWindows();
        windows.Record(now + TimeSpan.FromHours(3).Ticks, Delta(1), now);

        foreach (var window in AllWindows)
        {
            Assert.Equal(1, windows.Total(window, now).Events);
            var bucket = Assert.Single(windows.Export(), b => b.Window == window);
            Assert.Equal(now / Layout[window].Width, bucket.BucketIndex);
        }
    }

    [Fact]
    public void Export_then_import_round_trips()
    {
        var random = new Random(5);
        for (var run = 0; run < 200; run++)
        {
            var windows = new RollingWindows();
            var now = Generators.Epoch;
            for (var i = 0; i < random.Next(1, 200); i++)
            {
                now += NextStep(random);
                var delta = default(MetricCounts);
                delta.Record(Generators.Any(random, now), ServiceTarget.Default);
                windows.Record(now + NextOffset(random), delta, now);
            }

            var exported = windows.Export();
            Assert.All(exported, b => Assert.False(b.Counts.IsEmpty));
            var restored = RollingWindows.Import(exported);
            Assert.Equal(exported.OrderBy(b => b.Window).ThenBy(b => b.BucketIndex), restored.Export().OrderBy(b => b.Window).ThenBy(b => b.BucketIndex));
            foreach (var window in AllWindows)
            {
                foreach (var at in new[] { now, now + TimeSpan.FromMinutes(3).Ticks, now + TimeSpan.FromHours(5).Ticks })
                {
                    Assert.Equal(windows.Total(window, at), restored.Total(window, at));
                }
            }

            // Export(now) keeps exactly the buckets still inside their window.
            foreach (var bucket in windows.Export(now))
            {
                var (width, count) = Layout[bucket.Window];
                Assert.InRange(bucket.BucketIndex, (now / width) - count + 1, now / width);
            }
        }
    }

    [Fact]
    public void Import_rejects_unknown_windows()
    {
        Assert.Throws<ArgumentException>(() => RollingWindows.Import([new WindowBucket<MetricCounts>((WindowKind)9, 1, Delta(1))]));
        Assert.Throws<ArgumentException>(() => RollingWindows.Import([new WindowBucket<MetricCounts>(WindowKind.OneDay, -1, Delta(1))]));
    }

    // Mostly seconds apart, sometimes minutes or hours, so every window both fills and expires.
    private static long NextStep(Random random) => random.Next(10) switch
    {
        < 6 => random.NextInt64(0, TimeSpan.FromSeconds(10).Ticks),
        < 9 => random.NextInt64(0, TimeSpan.FromMinutes(10).Ticks),
        _ => random.NextInt64(0, TimeSpan.FromHours(6).Ticks),
    };

    // Mostly on time, some late by up to 30 hours, some ahead of now.
    private static long NextOffset(Random random) => random.Next(10) switch
    {
        < 5 => 0,
        < 7 => -random.NextInt64(0, TimeSpan.FromMinutes(2).Ticks),
        < 9 => -random.NextInt64(0, TimeSpan.FromHours(30).Ticks),
        _ => random.NextInt64(0, TimeSpan.FromMinutes(5).Ticks),
    };

    // A delta that identifies its event: the id travels in CsatSum, so sums of ids say exactly which events counted.
    private static MetricCounts Delta(long id) => new() { Events = 1, CsatSum = id };

    private static void AssertTotals(RollingWindows windows, List<(long At, long RecordedNow, long Id)> raw, long queryNow, int run)
    {
        foreach (var window in AllWindows)
        {
            var (width, count) = Layout[window];
            var current = queryNow / width;
            var expected = raw
                .Select(e => (Index: Math.Min(e.At, e.RecordedNow) / width, RecordedCurrent: e.RecordedNow / width, e.Id))
                .Where(e => e.Index > e.RecordedCurrent - count)             // not too old when recorded
                .Where(e => e.Index > current - count && e.Index <= current) // inside the window being asked for
                .ToList();

            var total = windows.Total(window, queryNow);
            Assert.True(expected.Count == total.Events, $"run {run} {window}: expected {expected.Count} events, got {total.Events}");
            Assert.True(expected.Sum(e => e.Id) == total.CsatSum, $"run {run} {window}: a different set of events counted");
        }
    }
}
