using CxGrains.Scoring;

namespace CxGrains.Grains.Customers;

/// <summary>
/// An event's touchpoint counts that the customer has stored but the touchpoint has not yet
/// confirmed (ack mode durable). Persisted with the customer's state so that a crash between the
/// customer's write and the touchpoint's cannot lose them; removed once confirmed.
/// </summary>
/// <param name="Key">Dedupe key of the event (customer id and event id hashed), never 0.</param>
/// <param name="TouchpointId">The touchpoint.</param>
/// <param name="OccurredAtTicks">Business time of the event (UTC ticks).</param>
/// <param name="Counts">The event's counts.</param>
/// <param name="StoredAtTicks">When the customer applied it (UTC ticks); bounds how late it is re-forwarded.</param>
[GenerateSerializer, Immutable, Alias("cx.OutboxEntry.v1")]
public readonly record struct OutboxEntry(
    [property: Id(0)] long Key,
    [property: Id(1)] string TouchpointId,
    [property: Id(2)] long OccurredAtTicks,
    [property: Id(3)] MetricCounts Counts,
    [property: Id(4)] long StoredAtTicks);
