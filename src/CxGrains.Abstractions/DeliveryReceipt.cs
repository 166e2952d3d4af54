namespace CxGrains.Abstractions;

/// <summary>
/// A touchpoint's answer to a <see cref="TouchpointDelivery"/>: how far it has applied one journal
/// writer's commits, and how far the state it has written holds them. A touchpoint applies
/// deliveries as they come and writes on its own interval, so the sender keeps what is applied but
/// not yet stored, to resend it if the touchpoint loses it.
/// </summary>
/// <param name="Applied">The writer's last commit the touchpoint has applied (0 for none).</param>
/// <param name="Stored">The writer's last commit its written state holds; never more than <paramref name="Applied"/>.</param>
[GenerateSerializer, Immutable, Alias("cx.DeliveryReceipt.v1")]
public readonly record struct DeliveryReceipt(
    [property: Id(0)] long Applied,
    [property: Id(1)] long Stored);
