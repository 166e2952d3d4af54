namespace CxGrains.LoadGen;

/// <summary>A periodic snapshot of a running load: totals so far and rates over the last interval.</summary>
public sealed record LoadProgress
{
    /// <summary>Time since the run started.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Distinct events sent so far (resends excluded).</summary>
    public required long EventsSent { get; init; }

    /// <summary>Events accepted so far.</summary>
    public required long Accepted { get; init; }

    /// <summary>Events acknowledged as duplicates so far.</summary>
    public required long Duplicates { get; init; }

    /// <summary>Events rejected so far.</summary>
    public required long Rejected { get; init; }

    /// <summary>Events acknowledged (accepted, duplicate or rejected) per second over the last interval.</summary>
    public required double EventsPerSecond { get; init; }

    /// <summary>Distinct events sent per second over the last interval.</summary>
    public required double SentPerSecond { get; init; }

    /// <summary>Ack latency over the last interval.</summary>
    public required LatencySummary IntervalLatency { get; init; }

    /// <summary>Batches sent and not yet acknowledged.</summary>
    public required long InFlightBatches { get; init; }

    /// <summary>Reconnects (or unary retries) so far.</summary>
    public required long Reconnects { get; init; }
}
