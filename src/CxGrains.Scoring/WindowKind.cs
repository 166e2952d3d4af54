namespace CxGrains.Scoring;

/// <summary>The rolling windows every touchpoint and segment keeps; mirrors <c>cx.v1.Window</c>.</summary>
public enum WindowKind : byte
{
    /// <summary>The last minute, in twelve 5-second buckets.</summary>
    OneMinute = 1,

    /// <summary>The last 15 minutes, in fifteen 1-minute buckets.</summary>
    FifteenMinutes = 2,

    /// <summary>The last hour, in twelve 5-minute buckets.</summary>
    OneHour = 3,

    /// <summary>The last 24 hours, in twenty-four 1-hour buckets.</summary>
    OneDay = 4,
}
