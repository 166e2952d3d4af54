using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Customers;

/// <summary>
/// One remembered interaction as a customer keeps it in memory: a struct in an exactly sized array
/// (40 bytes an entry) instead of a record object in a list. Stored as <see cref="RecentInteraction"/>.
/// </summary>
internal readonly record struct RecentEntry(
    string EventId,
    string TouchpointId,
    long OccurredAtTicks,
    double Signal,
    InteractionKind Kind,
    InteractionChannel Channel,
    bool Negative)
{
    public static RecentEntry From(RecentInteraction r) =>
        new(r.EventId, r.TouchpointId, r.OccurredAtTicks, r.Signal, r.Kind, r.Channel, r.Negative);

    public RecentInteraction ToRecord() => new()
    {
        EventId = EventId,
        TouchpointId = TouchpointId,
        Kind = Kind,
        Channel = Channel,
        OccurredAtTicks = OccurredAtTicks,
        Signal = Signal,
        Negative = Negative,
    };
}
