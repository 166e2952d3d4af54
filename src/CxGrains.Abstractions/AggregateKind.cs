namespace CxGrains.Abstractions;

/// <summary>
/// The two kinds of aggregate: what the accumulator feeds, what live pushes name and what an alert
/// rule watches.
/// </summary>
public enum AggregateKind : byte
{
    /// <summary>A touchpoint (<see cref="ITouchpointGrain"/>, topic <c>touchpoint/&lt;id&gt;</c>).</summary>
    Touchpoint = 1,

    /// <summary>A segment (<see cref="ISegmentGrain"/>, topic <c>segment/&lt;key&gt;</c>).</summary>
    Segment = 2,
}
