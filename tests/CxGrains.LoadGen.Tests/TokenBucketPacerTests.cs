namespace CxGrains.LoadGen.Tests;

[Trait("Tier", "Fast")]
public sealed class TokenBucketPacerTests
{
    [Fact]
    public void Pays_a_burst_at_once_then_spaces_reservations_at_the_rate()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var pacer = new TokenBucketPacer(eventsPerSecond: 1_000, burst: 100, time);

        Assert.Equal(TimeSpan.Zero, pacer.Reserve(100));
        Assert.Equal(TimeSpan.FromMilliseconds(100), pacer.Reserve(100));
        Assert.Equal(TimeSpan.FromMilliseconds(200), pacer.Reserve(100));

        time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(TimeSpan.FromMilliseconds(100), pacer.Reserve(100));
    }

    [Fact]
    public void Idle_time_refills_no_more_than_the_burst()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var pacer = new TokenBucketPacer(eventsPerSecond: 1_000, burst: 100, time);
        pacer.Reserve(100);

        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(TimeSpan.Zero, pacer.Reserve(100));
        Assert.Equal(TimeSpan.FromMilliseconds(50), pacer.Reserve(50));
    }

    [Fact]
    public void A_rate_of_zero_never_waits()
    {
        var pacer = new TokenBucketPacer(eventsPerSecond: 0, burst: 0);

        Assert.True(pacer.Unlimited);
        Assert.Equal(TimeSpan.Zero, pacer.Reserve(1_000_000));
    }
}
