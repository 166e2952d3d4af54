namespace CxGrains.LoadGen;

/// <summary>What a load run did. Event counts of acks: accepted + duplicates + rejected = events acknowledged.</summary>
public sealed record LoadSummary
{
    /// <summary>Prefix of the run's event and batch ids.</summary>
    public required string RunId { get; init; }

    /// <summary>The ingest address (the first of <see cref="Targets"/>).</summary>
    public required string Url { get; init; }

    /// <summary>Every ingest address the run sent to.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary><c>stream</c> or <c>submit</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>Concurrent streams (or unary senders).</summary>
    public required int Streams { get; init; }

    /// <summary>Events per batch.</summary>
    public required int BatchSize { get; init; }

    /// <summary>Send window per stream.</summary>
    public required int InFlight { get; init; }

    /// <summary>Target rate, events per second (0 = unlimited).</summary>
    public required double TargetRate { get; init; }

    /// <summary>Wall time from start until every sender finished (drain included).</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary><see cref="Elapsed"/> in seconds.</summary>
    public double ElapsedSeconds => Elapsed.TotalSeconds;

    /// <summary>Distinct batches sent.</summary>
    public required long BatchesSent { get; init; }

    /// <summary>Distinct events sent (each generated event once, however often resent).</summary>
    public required long EventsSent { get; init; }

    /// <summary>Batch sends after the first (after dropped streams or failed unary calls).</summary>
    public required long BatchesResent { get; init; }

    /// <summary>Events in <see cref="BatchesResent"/>.</summary>
    public required long EventsResent { get; init; }

    /// <summary>Batches acknowledged.</summary>
    public required long BatchesAcked { get; init; }

    /// <summary>Events the server applied (duplicates excluded).</summary>
    public required long Accepted { get; init; }

    /// <summary>Events the server had already seen.</summary>
    public required long Duplicates { get; init; }

    /// <summary>Events the server refused.</summary>
    public required long Rejected { get; init; }

    /// <summary>Rejected events per reason code.</summary>
    public required IReadOnlyDictionary<string, long> RejectedByCode { get; init; }

    /// <summary>Accepted + duplicates + rejected.</summary>
    public long EventsAcknowledged => Accepted + Duplicates + Rejected;

    /// <summary>Batches never acknowledged: still in flight when the run ended, or dropped without resend.</summary>
    public required long UnackedBatches { get; init; }

    /// <summary>Events in <see cref="UnackedBatches"/>.</summary>
    public required long UnackedEvents { get; init; }

    /// <summary>Reconnects after dropped streams (unary mode: retried calls).</summary>
    public required long Reconnects { get; init; }

    /// <summary>New batches that carried events rejected as <c>UNAVAILABLE</c> once more. Such an event is
    /// counted in <see cref="Rejected"/> for its first ack and again in the ack of its retry.</summary>
    public long BatchesRetried { get; init; }

    /// <summary>Events in <see cref="BatchesRetried"/>.</summary>
    public long EventsRetried { get; init; }

    /// <summary>Acks whose batch_id matched no batch in flight (should be 0).</summary>
    public required long UnmatchedAcks { get; init; }

    /// <summary>Events acknowledged per second of <see cref="Elapsed"/>.</summary>
    public double EventsPerSecond => Elapsed > TimeSpan.Zero ? EventsAcknowledged / Elapsed.TotalSeconds : 0;

    /// <summary>Ack latency of every batch, measured from its latest send.</summary>
    public required LatencySummary AckLatency { get; init; }

    /// <summary>
    /// Time batches waited at the server for room before they were applied (each ack's
    /// <c>admission_wait_ms</c>): the part of <see cref="AckLatency"/> that is the server slowing the sender down.
    /// </summary>
    public LatencySummary AdmissionWait { get; init; } = LatencySummary.Empty;

    /// <summary>Acknowledged, not rejected events per customer id (what the cluster must hold exactly once); null
    /// unless <see cref="LoadOptions.TrackAcked"/>.</summary>
    public IReadOnlyDictionary<string, long>? AckedByCustomer { get; init; }

    /// <summary>Acknowledged, not rejected events per touchpoint id; null unless <see cref="LoadOptions.TrackAcked"/>.</summary>
    public IReadOnlyDictionary<string, long>? AckedByTouchpoint { get; init; }

    /// <summary>True when every batch sent was acknowledged.</summary>
    public bool Complete => UnackedBatches == 0 && BatchesAcked == BatchesSent;
}
