using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Customers;

/// <summary>
/// One remembered interaction as a customer keeps it in memory: a struct in an exactly sized array
/// (40 bytes an entry) instead of a record object in a list; its event id lives in the list's shared
/// character buffer (<see cref="RecentInteractions"/>). Stored as <see cref="RecentInteraction"/>.
/// </summary>
internal readonly record struct RecentEntry(
    int IdStart,
    int IdLength,
    string TouchpointId,
    long OccurredAtTicks,
    double Signal,
    InteractionKind Kind,
    InteractionChannel Channel,
    bool Negative)
{
    public RecentInteraction ToRecord(char[] ids) => new()
    {
        EventId = new string(ids, IdStart, IdLength),
        TouchpointId = TouchpointId,
        Kind = Kind,
        Channel = Channel,
        OccurredAtTicks = OccurredAtTicks,
        Signal = Signal,
        Negative = Negative,
    };
}
