using System.Diagnostics;
using CxGrains.Contracts.V1;

namespace CxGrains.Client;

/// <summary>
/// A batch on its way: kept whole until acknowledged, so that a resend carries the same batch id and the same
/// events (the server drops event ids it has seen, so a resend never counts twice).
/// </summary>
public sealed class OutgoingBatch
{
    private readonly string _rootId;

    internal OutgoingBatch(EventBatch batch, long number)
        : this(batch, number, 0, batch.BatchId)
    {
    }

    private OutgoingBatch(EventBatch batch, long number, int retry, string rootId)
    {
        Batch = batch;
        Number = number;
        Retry = retry;
        _rootId = rootId;
    }

    /// <summary>The batch as sent.</summary>
    public EventBatch Batch { get; }

    /// <summary>Order in which the client took the batch in; after a reconnect, resends go out in this order.</summary>
    public long Number { get; }

    /// <summary>0 for a batch handed in; n for the n-th new batch carrying events of it that were rejected as
    /// <c>UNAVAILABLE</c> (its id is the original id followed by <c>-r{n}</c>).</summary>
    public int Retry { get; }

    /// <summary>True for a batch of events sent again after an <c>UNAVAILABLE</c> rejection.</summary>
    public bool IsRetry => Retry > 0;

    /// <summary>Interaction and queue events of the batch.</summary>
    public int EventCount => Batch.Events.Count + Batch.QueueEvents.Count;

    /// <summary>How often it was written to a stream: 1 the first time, more after reconnects.</summary>
    public int Sends { get; private set; }

    /// <summary>Stopwatch timestamp of the latest send (0 before the first): ack latency is measured from it.</summary>
    public long SentAt { get; private set; }

    internal void MarkSent()
    {
        SentAt = Stopwatch.GetTimestamp();
        Sends++;
    }

    /// <summary>A new batch with the events at <paramref name="indexes"/> and the queue events at
    /// <paramref name="queueIndexes"/>, to send again; null when there are none.</summary>
    internal OutgoingBatch? RetryOf(IEnumerable<int> indexes, IEnumerable<int> queueIndexes)
    {
        var retry = new EventBatch { BatchId = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_rootId}-r{Retry + 1}") };
        foreach (var index in indexes)
        {
            if (index >= 0 && index < Batch.Events.Count)
            {
                retry.Events.Add(Batch.Events[index]);
            }
        }

        foreach (var index in queueIndexes)
        {
            if (index >= 0 && index < Batch.QueueEvents.Count)
            {
                retry.QueueEvents.Add(Batch.QueueEvents[index]);
            }
        }

        return retry.Events.Count + retry.QueueEvents.Count == 0 ? null : new OutgoingBatch(retry, Number, Retry + 1, _rootId);
    }
}
