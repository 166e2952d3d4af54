namespace CxGrains.Scoring.Queues;

/// <summary>How one queue counts its contacts (docs/scoring.md "Queues").</summary>
/// <param name="TargetWaitSeconds">Service-level target: an answer within this wait counts as within target.</param>
/// <param name="ShortAbandonSeconds">Abandons after a shorter wait are short abandons, which one service-level figure excludes.</param>
/// <param name="OpenContactCutoff">A contact with no new step for this long leaves the queue as expired.</param>
/// <param name="TimeZone">The zone whose midnight starts a new "today".</param>
public sealed record QueuePolicy(double TargetWaitSeconds, double ShortAbandonSeconds, TimeSpan OpenContactCutoff, TimeZoneInfo TimeZone);
