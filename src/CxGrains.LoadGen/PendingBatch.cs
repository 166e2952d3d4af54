using System.Diagnostics;
using CxGrains.Contracts.V1;

namespace CxGrains.LoadGen;

/// <summary>A batch sent and not yet acknowledged. Kept whole so that a resend carries the same id and events.</summary>
internal sealed class PendingBatch(EventBatch batch, long number, int retry = 0)
{
    public EventBatch Batch { get; } = batch;

    /// <summary>0 for a batch of the run; n for the n-th new batch carrying events of it that were rejected as
    /// <c>UNAVAILABLE</c> (such a batch is id <c>{runId}-b{Number}-r{n}</c>).</summary>
    public int Retry { get; } = retry;

    public bool IsRetry => Retry > 0;

    /// <summary>Position in the run (batch ids are <c>{runId}-b{Number}</c>); resends go out in this order.</summary>
    public long Number { get; } = number;

    /// <summary>Interaction and queue events of the batch.</summary>
    public int EventCount => Batch.Events.Count + Batch.QueueEvents.Count;

    /// <summary>Stopwatch timestamp of the latest send: ack latency is measured from it.</summary>
    public long SentAt { get; private set; }

    public int Sends { get; private set; }

    public void MarkSent()
    {
        SentAt = Stopwatch.GetTimestamp();
        Sends++;
    }

    /// <summary>A new batch with the events at <paramref name="indexes"/> (and the queue events at <paramref name="queueIndexes"/>), to send again; null when there are none.</summary>
    public PendingBatch? RetryOf(IEnumerable<int> indexes, IEnumerable<int>? queueIndexes = null)
    {
        var baseId = IsRetry ? Batch.BatchId[..Batch.BatchId.LastIndexOf("-r", StringComparison.Ordinal)] : Batch.BatchId;
        var retry = new EventBatch { BatchId = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{baseId}-r{Retry + 1}") };
        foreach (var index in indexes)
        {
            if (index >= 0 && index < Batch.Events.Count)
            {
                retry.Events.Add(Batch.Events[index]);
            }
        }

        foreach (var index in queueIndexes ?? [])
        {
            if (index >= 0 && index < Batch.QueueEvents.Count)
            {
                retry.QueueEvents.Add(Batch.QueueEvents[index]);
            }
        }

        return retry.Events.Count + retry.QueueEvents.Count == 0 ? null : new PendingBatch(retry, Number, Retry + 1);
    }
}
