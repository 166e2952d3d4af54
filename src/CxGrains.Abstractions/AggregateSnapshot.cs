using CxGrains.Scoring;

namespace CxGrains.Abstractions;

/// <summary>A touchpoint's or segment's counts over one window, as of <see cref="AsOfTicks"/>.</summary>
[GenerateSerializer, Immutable, Alias("cx.AggregateSnapshot")]
public sealed record AggregateSnapshot
{
    /// <summary>The touchpoint id or segment key.</summary>
    [Id(0)] public required string Key { get; init; }

    /// <summary>The window.</summary>
    [Id(1)] public required WindowKind Window { get; init; }

    /// <summary>The window's counts; metric values are computed from them.</summary>
    [Id(2)] public required MetricCounts Counts { get; init; }

    /// <summary>Customers per health band (segments only; current, not windowed).</summary>
    [Id(3)] public BandCounts Health { get; init; }

    /// <summary>The touchpoint's target wait, seconds (touchpoints only).</summary>
    [Id(4)] public double TargetWaitSeconds { get; init; }

    /// <summary>When it was computed (UTC ticks).</summary>
    [Id(5)] public required long AsOfTicks { get; init; }

    /// <summary>Events ever merged into this aggregate (queue steps included).</summary>
    [Id(6)] public required long LifetimeEvents { get; init; }

    /// <summary>The queue's live state (touchpoints that received queue events only).</summary>
    [Id(7)] public QueueSnapshot? Queue { get; init; }
}
