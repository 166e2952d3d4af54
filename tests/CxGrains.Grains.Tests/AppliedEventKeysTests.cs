using CxGrains.Grains.Aggregates;

namespace CxGrains.Grains.Tests;

/// <summary>The touchpoint's dedupe horizon: how long an applied event's key is remembered, and the capacity bound.</summary>
[Trait("Tier", "Fast")]
public sealed class AppliedEventKeysTests
{
    private static readonly TimeSpan Horizon = TimeSpan.FromMinutes(5);
    private static readonly long T0 = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc).Ticks;

    [Fact]
    public void A_key_is_a_duplicate_for_at_least_the_horizon_and_forgotten_within_a_tenth_more()
    {
        var keys = new AppliedEventKeys();
        Assert.True(keys.TryAdd(42, T0, Horizon));
        Assert.False(keys.TryAdd(42, T0, Horizon));

        // Later keys keep slices alive; expiry is driven by the clock, not by them.
        for (var second = 1; second <= 330; second++)
        {
            var now = T0 + (second * TimeSpan.TicksPerSecond);
            keys.Expire(now, Horizon, capacity: 1_000_000);
            Assert.True(keys.TryAdd(1_000 + second, now, Horizon));
            if (second <= Horizon.TotalSeconds)
            {
                Assert.True(keys.Contains(42), $"forgotten after {second} s, inside the horizon");
            }
        }

        // Horizon plus one slice (a tenth of it) later, the key is gone: a new event with it would count.
        Assert.False(keys.Contains(42));
        Assert.True(keys.TryAdd(42, T0 + (331 * TimeSpan.TicksPerSecond), Horizon));
    }

    [Fact]
    public void The_set_survives_serialization_and_answers_from_the_stored_slices()
    {
        var keys = new AppliedEventKeys();
        for (var i = 1; i <= 100; i++)
        {
            keys.TryAdd(i, T0 + (i * TimeSpan.TicksPerSecond), Horizon);
        }

        // What storage keeps: the slices only; the index is rebuilt on first use.
        var copy = new AppliedEventKeys { Slices = [.. keys.Slices.Select(s => new AppliedKeySlice { StartedAtTicks = s.StartedAtTicks, Keys = [.. s.Keys] })] };
        Assert.Equal(100, copy.Count);
        Assert.All(Enumerable.Range(1, 100), i => Assert.False(copy.TryAdd(i, T0 + (101 * TimeSpan.TicksPerSecond), Horizon)));
        Assert.True(copy.TryAdd(101, T0 + (101 * TimeSpan.TicksPerSecond), Horizon));
    }

    [Fact]
    public void Beyond_the_capacity_the_oldest_slices_go_first_and_are_counted()
    {
        var keys = new AppliedEventKeys();
        for (var i = 1; i <= 3_000; i++)
        {
            // 100 keys a second: a slice (30 s) holds 3,000 keys at most.
            keys.TryAdd(i, T0 + (i * TimeSpan.TicksPerSecond / 100), Horizon);
        }

        Assert.Equal(3_000, keys.Count);
        keys.Expire(T0 + (30 * TimeSpan.TicksPerSecond), Horizon, capacity: 2_000);
        Assert.True(keys.Count <= 3_000);

        for (var i = 3_001; i <= 9_000; i++)
        {
            keys.TryAdd(i, T0 + (i * TimeSpan.TicksPerSecond / 100), Horizon);
        }

        keys.Expire(T0 + (90 * TimeSpan.TicksPerSecond), Horizon, capacity: 2_000);
        Assert.True(keys.Count <= 3_000, $"{keys.Count} keys kept");
        Assert.Equal(9_000 - keys.Count, keys.EvictedEarly);
        Assert.False(keys.Contains(1));
        Assert.True(keys.Contains(9_000));
    }
}
