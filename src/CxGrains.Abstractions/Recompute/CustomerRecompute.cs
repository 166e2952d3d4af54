namespace CxGrains.Abstractions.Recompute;

/// <summary>What a recompute run asks one customer for.</summary>
/// <param name="Rebuild">True to replace the customer's state by the replay of its whole journal; false to only report window contributions.</param>
/// <param name="WindowFromTicks">Events that occurred before this (UTC ticks) lie outside every window and contribute nothing.</param>
/// <param name="AfterSequence">Report contributions only of entries after this sequence (0 for all).</param>
/// <param name="AppliedBeforeTicks">
/// Report segment contributions only of events applied before this (UTC ticks); later ones reach the windows live.
/// Touchpoint contributions go by their journal commit instead (<see cref="JournaledCounts"/>).
/// </param>
[GenerateSerializer, Immutable, Alias("cx.CustomerRecompute")]
public sealed record CustomerRecompute(
    [property: Id(0)] bool Rebuild,
    [property: Id(1)] long WindowFromTicks,
    [property: Id(2)] long AfterSequence,
    [property: Id(3)] long AppliedBeforeTicks);
