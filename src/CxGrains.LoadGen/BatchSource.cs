using System.Globalization;
using CxGrains.Contracts.V1;

namespace CxGrains.LoadGen;

/// <summary>
/// Hands out the run's batches to all senders. Batch n holds events n·B … n·B + B − 1, so the run's events
/// are the same whatever the interleaving of senders; the count limit is exact. Lock-free.
/// </summary>
internal sealed class BatchSource(EventFactory factory, int batchSize, long? totalEvents)
{
    private readonly long _total = totalEvents ?? long.MaxValue;

    // Of each full batch, this many are queue events (numbered per batch like the events).
    private readonly int _queuePerBatch = (int)Math.Round(batchSize * factory.QueueShare);
    private long _next = -1;

    public string RunId => factory.RunId;

    /// <summary>The next batch, or null once the event limit is reached.</summary>
    public PendingBatch? Next()
    {
        var number = Interlocked.Increment(ref _next);
        var first = number * batchSize;
        if (first >= _total || first < 0)
        {
            return null;
        }

        var count = (int)Math.Min(batchSize, _total - first);
        var batch = new EventBatch { BatchId = BatchId(factory.RunId, number) };
        var queue = (int)Math.Round(count * factory.QueueShare);
        factory.AddEvents(batch.Events, first, count - queue);
        factory.AddQueueEvents(batch.QueueEvents, number * _queuePerBatch, queue);
        return new PendingBatch(batch, number);
    }

    /// <summary>The id of batch <paramref name="number"/> of run <paramref name="runId"/>.</summary>
    public static string BatchId(string runId, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"{runId}-b{number}");
}
