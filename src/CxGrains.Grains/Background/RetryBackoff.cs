namespace CxGrains.Grains.Background;

/// <summary>
/// How a <see cref="BackgroundLoop"/> retries a failed pass: after <see cref="First"/>, then twice as
/// long each time up to <see cref="Max"/>, until a pass succeeds or the loop stops.
/// </summary>
/// <param name="First">The wait before the first retry.</param>
/// <param name="Max">The longest wait between retries.</param>
public sealed record RetryBackoff(TimeSpan First, TimeSpan Max)
{
    /// <summary>The wait after <paramref name="previous"/>: doubled, at most <see cref="Max"/>.</summary>
    public TimeSpan Next(TimeSpan previous) => TimeSpan.FromTicks(Math.Min(previous.Ticks * 2, Max.Ticks));
}
