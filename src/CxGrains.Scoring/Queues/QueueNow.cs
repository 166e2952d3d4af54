namespace CxGrains.Scoring.Queues;

/// <summary>A queue's state at one moment.</summary>
/// <param name="Waiting">Contacts offered and neither answered nor abandoned.</param>
/// <param name="OldestWaitingSinceTicks">When the longest-waiting of them was offered (UTC ticks), or null when none waits.</param>
/// <param name="InHandling">Contacts answered whose end has not arrived.</param>
/// <param name="Today">The figures since local midnight in the queue's time zone.</param>
/// <param name="Day">The local date <paramref name="Today"/> belongs to.</param>
public readonly record struct QueueNow(int Waiting, long? OldestWaitingSinceTicks, int InHandling, QueueCounts Today, DateOnly Day)
{
    /// <summary>How long the longest-waiting contact has waited at <paramref name="nowTicks"/>, seconds (0 when none waits).</summary>
    /// <param name="nowTicks">The current time, UTC ticks.</param>
    /// <returns>Seconds, never negative.</returns>
    public double OldestWaitSeconds(long nowTicks) =>
        OldestWaitingSinceTicks is { } since ? Math.Max(0, TimeSpan.FromTicks(nowTicks - since).TotalSeconds) : 0;
}
