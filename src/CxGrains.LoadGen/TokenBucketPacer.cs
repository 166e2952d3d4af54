namespace CxGrains.LoadGen;

/// <summary>
/// A token bucket shared by all senders: <c>rate</c> tokens (events) per second, holding at most
/// <c>burst</c>. A sender reserves the tokens of a whole batch and waits until the bucket could have paid
/// for them; reserving ahead (the balance may go negative) keeps the average rate exact however coarse
/// the timer is. A rate of 0 never waits.
/// </summary>
public sealed class TokenBucketPacer
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly double _rate;
    private readonly double _burst;
    private double _tokens;
    private long _last;

    /// <summary>A pacer for <paramref name="eventsPerSecond"/> (0 is unlimited) allowing bursts of <paramref name="burst"/> events.</summary>
    public TokenBucketPacer(double eventsPerSecond, double burst, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(eventsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(burst);
        _time = time ?? TimeProvider.System;
        _rate = eventsPerSecond;
        _burst = burst;
        _tokens = burst;
        _last = _time.GetTimestamp();
    }

    /// <summary>True when the pacer never waits.</summary>
    public bool Unlimited => _rate == 0;

    /// <summary>Takes <paramref name="tokens"/> and returns how long the caller must wait before using them.</summary>
    public TimeSpan Reserve(int tokens)
    {
        if (Unlimited)
        {
            return TimeSpan.Zero;
        }

        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_last, now).TotalSeconds;
            _last = now;
            _tokens = Math.Min(_burst, _tokens + elapsed * _rate) - tokens;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _rate);
        }
    }

    /// <summary>Reserves <paramref name="tokens"/> and waits until they are paid for.</summary>
    public Task WaitAsync(int tokens, CancellationToken cancellationToken)
    {
        var delay = Reserve(tokens);
        return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, _time, cancellationToken);
    }
}
