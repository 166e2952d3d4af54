namespace CxGrains.Abstractions;

/// <summary>The kinds of aggregate whose changes are pushed live.</summary>
public enum LiveAggregateKind : byte
{
    /// <summary>A touchpoint (<c>touchpoint/&lt;id&gt;</c>).</summary>
    Touchpoint = 1,

    /// <summary>A segment (<c>segment/&lt;key&gt;</c>).</summary>
    Segment = 2,
}
