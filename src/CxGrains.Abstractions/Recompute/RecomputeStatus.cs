namespace CxGrains.Abstractions.Recompute;

/// <summary>Where a recompute run stands.</summary>
[GenerateSerializer, Immutable, Alias("cx.RecomputeStatus")]
public sealed record RecomputeStatus
{
    /// <summary>The run's id.</summary>
    [Id(0)] public required Guid RunId { get; init; }

    /// <summary>Customers with entries journaled at or after this (UTC ticks) are rebuilt.</summary>
    [Id(1)] public required long FromTicks { get; init; }

    /// <summary>Running, succeeded or failed.</summary>
    [Id(2)] public required RecomputeState State { get; init; }

    /// <summary>
    /// Customers the run replays (known once the journal was scanned): those it rebuilds, and those
    /// whose recent events only feed the rebuilt windows.
    /// </summary>
    [Id(3)] public long CustomersTotal { get; init; }

    /// <summary>Customers replayed so far.</summary>
    [Id(4)] public long CustomersDone { get; init; }

    /// <summary>Customers whose state was rebuilt so far (those journaled at or after <see cref="FromTicks"/>).</summary>
    [Id(11)] public long CustomersRebuilt { get; init; }

    /// <summary>Journal entries re-applied so far, rebuilt customers and window contributions together.</summary>
    [Id(5)] public long EntriesReplayed { get; init; }

    /// <summary>Touchpoints and segments whose windows were rebuilt (set when the run ends).</summary>
    [Id(6)] public long AggregatesRebuilt { get; init; }

    /// <summary>When the run started (UTC ticks).</summary>
    [Id(7)] public required long StartedAtTicks { get; init; }

    /// <summary>When it ended (UTC ticks); null while running.</summary>
    [Id(8)] public long? FinishedAtTicks { get; init; }

    /// <summary>Why it failed; null otherwise.</summary>
    [Id(9)] public string? Error { get; init; }

    /// <summary>What the run is doing now, for people watching it.</summary>
    [Id(10)] public string Phase { get; init; } = "";

    /// <summary>Entries replayed per second of the run so far (or of the whole run once ended).</summary>
    public double ReplayRate(long nowTicks)
    {
        var seconds = TimeSpan.FromTicks((FinishedAtTicks ?? nowTicks) - StartedAtTicks).TotalSeconds;
        return seconds <= 0 ? 0 : EntriesReplayed / seconds;
    }
}

/// <summary>The state of a recompute run.</summary>
public enum RecomputeState : byte
{
    /// <summary>In progress.</summary>
    Running = 1,

    /// <summary>Every selected customer and every window was rebuilt.</summary>
    Succeeded = 2,

    /// <summary>Stopped with an error; running it again is safe.</summary>
    Failed = 3,
}
