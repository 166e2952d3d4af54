namespace CxGrains.Abstractions;

/// <summary>
/// What one silo's accumulator learned about one touchpoint or segment since its last flush:
/// metric counts per time bucket, and (segments only) health-band and at-risk changes; or queue steps
/// that ingest sends to a queue's touchpoint.
/// </summary>
[GenerateSerializer, Immutable, Alias("cx.AggregateDelta")]
public sealed record AggregateDelta
{
    /// <summary>Counts per occurred-at bucket.</summary>
    [Id(0)] public IReadOnlyList<TimedCounts> Buckets { get; init; } = [];

    /// <summary>Signed change of customers per band.</summary>
    [Id(1)] public BandCounts BandChange { get; init; }

    /// <summary>At-risk customers added or updated, latest state per customer.</summary>
    [Id(2)] public IReadOnlyList<AtRiskEntry> AtRiskUpserts { get; init; } = [];

    /// <summary>Customers no longer at risk (recovered, moved segment or erased).</summary>
    [Id(3)] public IReadOnlyList<string> AtRiskRemovals { get; init; } = [];

    /// <summary>
    /// Contact-centre queue steps (touchpoints only), sent by ingest straight to the queue. Each step is
    /// idempotent, so re-applying them on a re-read state after a write conflict is exact.
    /// </summary>
    [Id(5)] public IReadOnlyList<Scoring.Queues.QueueStep> QueueSteps { get; init; } = [];

    /// <summary>
    /// A journal writer's delivery (touchpoints, ack mode durable): its counts apply only if the
    /// touchpoint has not applied its commits yet, so that re-applying it on a re-read state after a
    /// write conflict is exact too.
    /// </summary>
    [Id(6)] public TouchpointDelivery? Delivery { get; init; }

    /// <summary>
    /// A recompute run's replayed touchpoint counts, each with the journal commit that holds it (see
    /// <see cref="Recompute.JournaledCounts"/>); only ever sent to a rebuild, never merged live.
    /// </summary>
    [Id(7)] public IReadOnlyList<Recompute.JournaledCounts> Journaled { get; init; } = [];

    /// <summary>
    /// Band moves of customers whose band changes with time (segments only), latest per customer: applied after
    /// <see cref="BandChange"/>, each replacing the crossings the segment holds for its customer.
    /// </summary>
    [Id(8)] public IReadOnlyList<BandReport> BandReports { get; init; } = [];

    /// <summary>
    /// Touchpoints, ack mode applied: which accumulator send this is, so that a resend after a lost reply
    /// is applied once; null for deltas that need none.
    /// </summary>
    [Id(9)] public MergeStamp? Stamp { get; init; }
}
