using System.Diagnostics;
using CxGrains.Contracts.V1;

namespace CxGrains.LoadGen;

/// <summary>A batch sent and not yet acknowledged. Kept whole so that a resend carries the same id and events.</summary>
internal sealed class PendingBatch(EventBatch batch, long number)
{
    public EventBatch Batch { get; } = batch;

    /// <summary>Position in the run (batch ids are <c>{runId}-b{Number}</c>); resends go out in this order.</summary>
    public long Number { get; } = number;

    public int EventCount => Batch.Events.Count;

    /// <summary>Stopwatch timestamp of the latest send: ack latency is measured from it.</summary>
    public long SentAt { get; private set; }

    public int Sends { get; private set; }

    public void MarkSent()
    {
        SentAt = Stopwatch.GetTimestamp();
        Sends++;
    }
}
