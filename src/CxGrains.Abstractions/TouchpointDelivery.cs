namespace CxGrains.Abstractions;

/// <summary>
/// Ack mode durable: the touchpoint counts of one journal writer's consecutive commits, delivered
/// to a touchpoint. A touchpoint remembers, per writer, the last commit it applied: it applies a
/// delivery that continues from there (<see cref="After"/>), drops one it already has, and so counts
/// every journaled event exactly once, whether the writer delivers it or, after the writer died, a
/// survivor re-reads it from the journal. A delivery with no new commits (<see cref="Through"/> at
/// most what the touchpoint has) asks how far it is stored.
/// </summary>
/// <param name="Origin">The journal writer (a silo incarnation) that committed the events.</param>
/// <param name="After">The writer's last commit the sender knows this touchpoint applied (0 for none).</param>
/// <param name="Through">The writer's last commit whose events for this touchpoint are in the delivery.</param>
/// <param name="Buckets">The counts of the events of commits <paramref name="After"/>+1 to <paramref name="Through"/>, by time bucket: all of them, so that a touchpoint whose record is elsewhere can drop the delivery whole.</param>
/// <param name="StoreNow">
/// Return only once the touchpoint's written state holds <paramref name="Through"/>: a stopping writer,
/// and a survivor about to forget a dead writer, cannot wait for the touchpoint's own write.
/// </param>
[GenerateSerializer, Immutable, Alias("cx.TouchpointDelivery.v1")]
public sealed record TouchpointDelivery(
    [property: Id(0)] string Origin,
    [property: Id(1)] long After,
    [property: Id(2)] long Through,
    [property: Id(3)] IReadOnlyList<TimedCounts> Buckets,
    [property: Id(4)] bool StoreNow = false);
