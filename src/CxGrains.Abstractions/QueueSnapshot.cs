using CxGrains.Scoring.Queues;

namespace CxGrains.Abstractions;

/// <summary>A queue's live state and figures, part of a touchpoint's snapshot once it has received queue events.</summary>
[GenerateSerializer, Immutable, Alias("cx.QueueSnapshot")]
public sealed record QueueSnapshot
{
    /// <summary>Contacts waiting now.</summary>
    [Id(0)] public required int Waiting { get; init; }

    /// <summary>When the longest-waiting contact was offered (UTC ticks), or null when none waits.</summary>
    [Id(1)] public long? OldestWaitingSinceTicks { get; init; }

    /// <summary>Contacts answered whose end has not arrived.</summary>
    [Id(2)] public required int InHandling { get; init; }

    /// <summary>Counts over the snapshot's window.</summary>
    [Id(3)] public required QueueCounts Window { get; init; }

    /// <summary>Counts since local midnight.</summary>
    [Id(4)] public required QueueCounts Today { get; init; }

    /// <summary>The local date of <see cref="Today"/>.</summary>
    [Id(5)] public required DateOnly Day { get; init; }

    /// <summary>The IANA id of the zone whose midnight starts <see cref="Today"/>.</summary>
    [Id(6)] public required string TimeZone { get; init; }

    /// <summary>The service-level target, seconds.</summary>
    [Id(7)] public required double TargetWaitSeconds { get; init; }

    /// <summary>The short-abandon threshold, seconds.</summary>
    [Id(8)] public required double ShortAbandonSeconds { get; init; }

    /// <summary>Contacts dropped without their offer (ever).</summary>
    [Id(9)] public required long Unmatched { get; init; }
}
