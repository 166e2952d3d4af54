namespace CxGrains.Bench;

/// <summary>Every figure the benchmark reports, in table order.</summary>
public static class Figures
{
    /// <summary>Bare sink throughput: the ceiling.</summary>
    public static readonly FigureDefinition BareThroughput = new("bare.eventsPerSecond", "Bare sink (ceiling): events/s", "events/s", IsThroughput: true);

    /// <summary>Bare sink ack latency p50.</summary>
    public static readonly FigureDefinition BareAckP50 = new("bare.ackP50Ms", "Bare sink: ack latency p50 at peak", "ms");

    /// <summary>Bare sink ack latency p99.</summary>
    public static readonly FigureDefinition BareAckP99 = new("bare.ackP99Ms", "Bare sink: ack latency p99 at peak", "ms");

    /// <summary>Applied mode peak throughput.</summary>
    public static readonly FigureDefinition AppliedThroughput = new("applied.eventsPerSecond", "Applied (SQLite): events/s", "events/s", IsThroughput: true,
        Target.AtLeast(100_000, "≥ 100,000 events/s"));

    /// <summary>Applied mode ack p50 at peak.</summary>
    public static readonly FigureDefinition AppliedAckP50 = new("applied.ackP50Ms", "Applied: ack latency p50 at peak", "ms");

    /// <summary>Applied mode ack p99 at peak.</summary>
    public static readonly FigureDefinition AppliedAckP99 = new("applied.ackP99Ms", "Applied: ack latency p99 at peak", "ms");

    /// <summary>Applied mode rate reached when asked for half the peak.</summary>
    public static readonly FigureDefinition AppliedHalfThroughput = new("applied.half.eventsPerSecond", "Applied at 50 % of peak: events/s", "events/s", IsThroughput: true);

    /// <summary>Applied mode ack p50 at half the peak.</summary>
    public static readonly FigureDefinition AppliedHalfAckP50 = new("applied.half.ackP50Ms", "Applied at 50 % of peak: ack latency p50", "ms");

    /// <summary>Applied mode ack p99 at half the peak.</summary>
    public static readonly FigureDefinition AppliedHalfAckP99 = new("applied.half.ackP99Ms", "Applied at 50 % of peak: ack latency p99", "ms",
        Target: Target.Below(50, "< 50 ms"));

    /// <summary>Durable mode peak throughput.</summary>
    public static readonly FigureDefinition DurableThroughput = new("durable.eventsPerSecond", "Durable (PostgreSQL): events/s", "events/s", IsThroughput: true,
        Target.AtLeast(10_000, "≥ 10,000 events/s"));

    /// <summary>Durable mode ack p50 at peak.</summary>
    public static readonly FigureDefinition DurableAckP50 = new("durable.ackP50Ms", "Durable: ack latency p50 at peak", "ms");

    /// <summary>Durable mode ack p99 at peak.</summary>
    public static readonly FigureDefinition DurableAckP99 = new("durable.ackP99Ms", "Durable: ack latency p99 at peak", "ms");

    /// <summary>Durable mode rate reached when asked for half the peak.</summary>
    public static readonly FigureDefinition DurableHalfThroughput = new("durable.half.eventsPerSecond", "Durable at 50 % of peak: events/s", "events/s", IsThroughput: true);

    /// <summary>Durable mode ack p50 at half the peak.</summary>
    public static readonly FigureDefinition DurableHalfAckP50 = new("durable.half.ackP50Ms", "Durable at 50 % of peak: ack latency p50", "ms");

    /// <summary>Durable mode ack p99 at half the peak.</summary>
    public static readonly FigureDefinition DurableHalfAckP99 = new("durable.half.ackP99Ms", "Durable at 50 % of peak: ack latency p99", "ms",
        Target: Target.Below(50, "< 50 ms"));

    /// <summary>Every event its own durable write, many writers at once, straight to PostgreSQL (<see cref="OneWritePerEventBaseline"/>).</summary>
    public static readonly FigureDefinition DurablePerEventThroughput = new("durable.perEvent.eventsPerSecond", "Durable, one write per event (concurrent writers, no batching): events/s", "events/s", IsThroughput: true);

    /// <summary>Durable peak over the once-per-event rate, per repetition.</summary>
    public static readonly FigureDefinition DurableBatchingGain = new("durable.batchingGain", "Durable ÷ one write per event", "×",
        Target: Target.AtLeast(4, "≥ 4×"));

    /// <summary>Group commits of the event journal per second, in the durable peak run.</summary>
    public static readonly FigureDefinition DurableJournalCommits = new("durable.journal.commitsPerSecond", "Durable: journal group commits per second at peak", "/s");

    /// <summary>Event payload bytes the journal committed per acknowledged event, in the durable peak run.</summary>
    public static readonly FigureDefinition DurableJournalBytes = new("durable.journal.bytesPerEvent", "Durable: journal payload bytes per event", "B");

    /// <summary>gRPC customer query p50 under ingest.</summary>
    public static readonly FigureDefinition QueryGrpcP50 = new("query.grpc.p50Ms", "Customer query, gRPC, under ingest: p50", "ms");

    /// <summary>gRPC customer query p99 under ingest.</summary>
    public static readonly FigureDefinition QueryGrpcP99 = new("query.grpc.p99Ms", "Customer query, gRPC, under ingest: p99", "ms",
        Target: Target.Below(5, "< 5 ms"));

    /// <summary>JSON customer query p50 under ingest.</summary>
    public static readonly FigureDefinition QueryJsonP50 = new("query.json.p50Ms", "Customer query, JSON, under ingest: p50", "ms");

    /// <summary>JSON customer query p99 under ingest.</summary>
    public static readonly FigureDefinition QueryJsonP99 = new("query.json.p99Ms", "Customer query, JSON, under ingest: p99", "ms",
        Target: Target.Below(5, "< 5 ms"));

    /// <summary>Event → SignalR push latency p50.</summary>
    public static readonly FigureDefinition PushP50 = new("push.p50Ms", "Event → SignalR push: p50", "ms");

    /// <summary>Event → SignalR push latency p99.</summary>
    public static readonly FigureDefinition PushP99 = new("push.p99Ms", "Event → SignalR push: p99", "ms",
        Target: Target.Below(1000, "< 1 s"));

    /// <summary>Managed heap per active customer grain.</summary>
    public static readonly FigureDefinition MemoryPerGrain = new("memory.bytesPerGrain", "Heap per active customer grain", "B",
        Target: Target.AtMost(2560, "≤ 2.5 KiB (2,560 B)"));

    /// <summary>New customers activated (with their first event) per second by the memory probe.</summary>
    public static readonly FigureDefinition ActivationRate = new("memory.activationsPerSecond", "Activation + first event of new customers", "/s");

    /// <summary>All figures, in table order.</summary>
    public static IReadOnlyList<FigureDefinition> All { get; } =
    [
        BareThroughput, BareAckP50, BareAckP99,
        AppliedThroughput, AppliedAckP50, AppliedAckP99, AppliedHalfThroughput, AppliedHalfAckP50, AppliedHalfAckP99,
        DurableThroughput, DurableAckP50, DurableAckP99, DurableHalfThroughput, DurableHalfAckP50, DurableHalfAckP99,
        DurablePerEventThroughput, DurableBatchingGain, DurableJournalCommits, DurableJournalBytes,
        QueryGrpcP50, QueryGrpcP99, QueryJsonP50, QueryJsonP99,
        PushP50, PushP99,
        MemoryPerGrain, ActivationRate,
    ];
}
