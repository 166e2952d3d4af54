namespace CxGrains.Scoring.Queues;

/// <summary>How one queue counts its contacts (docs/scoring.md "Queues").</summary>
/// <param name="TargetWaitSeconds">Service-level target: an answer within this wait counts as within target.</param>
/// <param name="ShortAbandonSeconds">Abandons after a shorter wait are short abandons, which one service-level figure excludes.</param>
/// <param name="OpenContactCutoff">A contact with no new step for this long leaves the queue as expired.</param>
/// <param name="TimeZone">The zone whose midnight starts a new "today".</param>
public sealed record QueuePolicy(double TargetWaitSeconds, double ShortAbandonSeconds, TimeSpan OpenContactCutoff, TimeZoneInfo TimeZone)
{
    /// <summary>20 s target, 5 s short abandons, 4 h cut-off, UTC: common contact-centre defaults.</summary>
    public static QueuePolicy Default { get; } = new(20, 5, TimeSpan.FromHours(4), TimeZoneInfo.Utc);
}
