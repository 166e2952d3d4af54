using CxGrains.Scoring;

namespace CxGrains.Abstractions;

/// <summary>
/// One customer's band move in one segment that names the customer, so that the segment can replace the crossings
/// it holds for it: the hand-off of a customer going to sleep (with its changes ahead), and the first report once
/// awake, which takes them back (see docs/architecture.md, "Bands that move while the customer sleeps"). Other
/// moves travel as summed <see cref="AggregateDelta.BandChange"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("cx.BandReport")]
public sealed record BandReport
{
    /// <summary>The customer id.</summary>
    [Id(0)] public required string CustomerId { get; init; }

    /// <summary>
    /// The band the segment counts the customer in when it holds no crossing of it: the last band of the
    /// customer's previous report (after all its crossings); null when it was not counted.
    /// </summary>
    [Id(1)] public HealthBand? From { get; init; }

    /// <summary>The band to count the customer in now; null when it leaves the segment.</summary>
    [Id(2)] public HealthBand? To { get; init; }

    /// <summary>The first change ahead with no new event, or <see cref="BandCrossing.None"/>.</summary>
    [Id(3)] public BandCrossing First { get; init; }

    /// <summary>The change after <see cref="First"/>, or <see cref="BandCrossing.None"/>.</summary>
    [Id(4)] public BandCrossing Second { get; init; }

    /// <summary>The same move without changes ahead: what takes back a hand-off a segment may hold.</summary>
    public BandReport WithoutCrossings() => this with { First = BandCrossing.None, Second = BandCrossing.None };
}
