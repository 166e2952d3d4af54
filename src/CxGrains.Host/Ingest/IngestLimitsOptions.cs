using System.ComponentModel.DataAnnotations;

namespace CxGrains.Host.Ingest;

/// <summary>Limits of the ingest edge. Section <c>Cx:Ingest</c>.</summary>
public sealed class IngestLimitsOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Ingest";

    /// <summary>Most events in one batch. Default 1000.</summary>
    [Range(1, 100_000)]
    public int MaxBatchEvents { get; set; } = 1000;

    /// <summary>Largest gRPC message accepted, bytes. Default 4 MiB.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Batches of one stream being applied at once; the server stops reading beyond this. Default 8.</summary>
    [Range(1, 1024)]
    public int MaxInFlightBatchesPerStream { get; set; } = 8;

    /// <summary>
    /// Events this silo applies at once, over every stream and call; beyond this streams stop reading
    /// (backpressure) and acks report the wait in <c>admission_wait_ms</c>. Default 8000.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxInFlightEvents { get; set; } = 8000;

    /// <summary>Open ingest streams per API key. Default 64.</summary>
    [Range(1, 100_000)]
    public int MaxStreamsPerKey { get; set; } = 64;

    /// <summary>Longest id (event, customer, touchpoint, batch), characters. Default 128.</summary>
    [Range(1, 1024)]
    public int MaxIdLength { get; set; } = 128;

    /// <summary>Most attributes per event. Default 16.</summary>
    [Range(0, 256)]
    public int MaxAttributes { get; set; } = 16;

    /// <summary>Longest attribute key, characters. Default 64.</summary>
    [Range(1, 1024)]
    public int MaxAttributeKeyLength { get; set; } = 64;

    /// <summary>Longest attribute value, characters. Default 128.</summary>
    [Range(1, 4096)]
    public int MaxAttributeValueLength { get; set; } = 128;

    /// <summary>Most NPS reason codes per answer. Default 8.</summary>
    [Range(0, 256)]
    public int MaxReasonCodes { get; set; } = 8;

    /// <summary>Longest short text (reason code, complaint category, currency), characters. Default 64.</summary>
    [Range(1, 1024)]
    public int MaxShortTextLength { get; set; } = 64;

    /// <summary>Longest NPS comment accepted, characters (it is stored truncated further). Default 4000.</summary>
    [Range(0, 100_000)]
    public int MaxCommentLength { get; set; } = 4000;

    /// <summary>How far in the future <c>occurred_at</c> may be (clock skew). Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How old <c>occurred_at</c> may be. Default 30 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan AcceptedHorizon { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Diagnostic, for the benchmark only: validate and ack every batch without calling a grain, to
    /// measure the ingest edge's own ceiling. The host then wires <see cref="BareSinkApplier"/> in
    /// place of the grain calls; nothing is applied or stored. Never enable in production. Default false.
    /// </summary>
    public bool BareSink { get; set; }
}
