using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Aggregates;

/// <summary>What a touchpoint or segment grain persists.</summary>
[GenerateSerializer, Alias("cx.AggregateState.v1")]
public sealed class AggregateState
{
    /// <summary>The rolling windows' buckets.</summary>
    [Id(0)] public RollingWindows Windows { get; set; } = new();

    /// <summary>Events ever merged.</summary>
    [Id(1)] public long LifetimeEvents { get; set; }

    /// <summary>Customers per band (segments only).</summary>
    [Id(2)] public BandCounts Health { get; set; }

    /// <summary>At-risk customers by id (segments only).</summary>
    [Id(3)] public Dictionary<string, AtRiskEntry> AtRisk { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per-rule alert state by rule name; null while no rule has fired for this subject.</summary>
    [Id(4)] public Dictionary<string, Alerts.AlertRuleState>? Alerts { get; set; }

    /// <summary>
    /// Touchpoints, ack mode durable: per journal writer, the last of its commits applied (see
    /// <see cref="TouchpointDelivery"/>); null until the first delivery. (Id 5 held per-event dedupe
    /// keys before deliveries replaced them; a stored value of it is ignored.)
    /// </summary>
    [Id(7)] public Dictionary<string, long>? Delivered { get; set; }

    /// <summary>
    /// Segments: the customers whose band changes with time, by id, with the changes still to apply; null while
    /// there are none. Bounded by <c>Cx:Segments:PendingCrossingsKept</c>.
    /// </summary>
    [Id(8)] public Dictionary<string, PendingCrossing>? Crossings { get; set; }

    /// <summary>
    /// Touchpoints, ack mode applied: per accumulator, the last of its stamped sends applied (see
    /// <see cref="MergeStamp"/>); null until the first. Marks of accumulators silent for an hour are dropped.
    /// </summary>
    [Id(9)] public Dictionary<string, MergeMark>? Merged { get; set; }

    /// <summary>The live queue (touchpoints that received queue events only).</summary>
    [Id(6)] public Scoring.Queues.LiveQueue? Queue { get; set; }
}
