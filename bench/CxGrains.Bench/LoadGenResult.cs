namespace CxGrains.Bench;

/// <summary>The part of cx-loadgen's <c>--json</c> summary the benchmark uses.</summary>
public sealed record LoadGenResult
{
    /// <summary>Wall time of the run, drain included.</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>Distinct events sent.</summary>
    public long EventsSent { get; init; }

    /// <summary>Events acknowledged (accepted + duplicates + rejected).</summary>
    public long EventsAcknowledged { get; init; }

    /// <summary>Events applied.</summary>
    public long Accepted { get; init; }

    /// <summary>Events the server had already seen.</summary>
    public long Duplicates { get; init; }

    /// <summary>Events refused.</summary>
    public long Rejected { get; init; }

    /// <summary>Refused events per reason.</summary>
    public Dictionary<string, long> RejectedByCode { get; init; } = [];

    /// <summary>Events in batches never acknowledged.</summary>
    public long UnackedEvents { get; init; }

    /// <summary>Reconnects after dropped streams.</summary>
    public long Reconnects { get; init; }

    /// <summary>Acknowledged events per second.</summary>
    public double EventsPerSecond { get; init; }

    /// <summary>Batch ack latency.</summary>
    public AckLatency AckLatency { get; init; } = new();

    /// <summary>Acked events per customer; only with <see cref="LoadGenSettings.TrackAcked"/> (not stored in the results).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, long>? AckedByCustomer { get; init; }
}

/// <summary>Ack latency percentiles of one run, milliseconds.</summary>
public sealed record AckLatency
{
    /// <summary>Batches measured.</summary>
    public long Count { get; init; }

    /// <summary>Median.</summary>
    public double P50Ms { get; init; }

    /// <summary>99th percentile.</summary>
    public double P99Ms { get; init; }

    /// <summary>Maximum.</summary>
    public double MaxMs { get; init; }
}
