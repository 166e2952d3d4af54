namespace CxGrains.Abstractions;

/// <summary>
/// Names one of an accumulator's sends to one touchpoint, so that the touchpoint applies it once however
/// often it arrives. A send's reply can be lost after the touchpoint applied it: a silo that stops while
/// a call to it was forwarded elsewhere fails the call at the sender, though the new activation ran it.
/// The sender resends the same delta with the same stamp, and numbers a send only after the one before
/// it was applied, so a touchpoint that has a number from an origin has every earlier one.
/// </summary>
/// <param name="Origin">The sending accumulator (one per silo incarnation).</param>
/// <param name="Number">Counts that accumulator's sends to this touchpoint, from 1.</param>
[GenerateSerializer, Immutable, Alias("cx.MergeStamp.v1")]
public sealed record MergeStamp(
    [property: Id(0)] string Origin,
    [property: Id(1)] long Number);
