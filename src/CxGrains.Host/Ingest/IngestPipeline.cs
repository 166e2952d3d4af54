using CxGrains.Contracts.V1;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Ingest;

/// <summary>
/// Turns one <see cref="EventBatch"/> into grain calls and a <see cref="BatchAck"/>: validates
/// every event, groups the valid ones by customer (queue events by queue) so each gets one call per
/// batch, makes the calls concurrently and reports what happened to each event.
/// </summary>
// Runs once per batch for every event the cluster takes, so it allocates per batch and per
// customer, never per event beyond the converted event itself: most customers of a batch have one
// event, and their call's argument is the only array they need.
internal sealed partial class IngestPipeline(
    IBatchApplier applier,
    EventValidator validator,
    IngestMetrics metrics,
    IOptions<IngestLimitsOptions> options,
    TimeProvider time,
    ILogger<IngestPipeline> logger)
{
    private readonly IngestLimitsOptions _limits = options.Value;

    /// <summary>Applies a batch and answers it. Never throws for bad input: problems are in the ack.</summary>
    public async Task<BatchAck> ProcessAsync(EventBatch batch, string channelName)
    {
        var started = time.GetTimestamp();
        var ack = new BatchAck { BatchId = batch.BatchId };
        var size = SizeOf(batch);
        if (size > _limits.MaxBatchEvents)
        {
            // All or nothing: applying a prefix would leave the client unsure what to resend.
            var message = $"the batch holds {size} events; the limit is {_limits.MaxBatchEvents}. Split it and resend.";
            for (var i = 0; i < batch.Events.Count; i++)
            {
                metrics.Reject(ack, i, batch.Events[i].EventId, RejectCodes.BatchTooLarge, message);
            }

            for (var i = 0; i < batch.QueueEvents.Count; i++)
            {
                metrics.Reject(ack, i, batch.QueueEvents[i].ContactId, RejectCodes.BatchTooLarge, message, queueEvent: true);
            }

            LogBatchTooLarge(logger, batch.BatchId, size, channelName);
            return ack;
        }

        var calls = Group(batch, ack);
        var queueCalls = batch.QueueEvents.Count > 0 ? GroupQueues(batch, ack) : null;
        if (calls.Count > 0 || queueCalls is { Count: > 0 })
        {
            await applier.ApplyAsync(calls, queueCalls, ack);
        }

        metrics.RecordBatch(ack, time.GetElapsedTime(started));
        return ack;
    }

    /// <summary>Events and queue events of a batch: what its size limit and admission count.</summary>
    public static int SizeOf(EventBatch batch) => batch.Events.Count + batch.QueueEvents.Count;

    /// <summary>Validates every event, rejects the invalid ones into <paramref name="ack"/> and groups the rest by customer.</summary>
    private CustomerCalls Group(EventBatch batch, BatchAck ack)
    {
        var receivedAt = time.GetUtcNow().UtcTicks;
        var count = batch.Events.Count;
        var calls = new CustomerCalls(count);
        for (var i = 0; i < count; i++)
        {
            var e = batch.Events[i];
            if (validator.TryConvert(e, receivedAt, out var converted, out var code, out var message))
            {
                calls.Add(e.CustomerId, i, converted!);
            }
            else
            {
                metrics.Reject(ack, i, e.EventId, code, message);
            }
        }

        return calls;
    }

    /// <summary>Validates every queue event, rejects the invalid ones into <paramref name="ack"/> and groups the rest by queue.</summary>
    private QueueCalls GroupQueues(EventBatch batch, BatchAck ack)
    {
        var receivedAt = time.GetUtcNow().UtcTicks;
        var calls = new QueueCalls();
        for (var i = 0; i < batch.QueueEvents.Count; i++)
        {
            var e = batch.QueueEvents[i];
            if (validator.TryConvertQueue(e, receivedAt, out var step, out var code, out var message))
            {
                calls.Add(e.QueueId, i, step);
            }
            else
            {
                metrics.Reject(ack, i, e.ContactId, code, message, queueEvent: true);
            }
        }

        return calls;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId} from channel {Channel} refused: {Count} events is over the limit")]
    private static partial void LogBatchTooLarge(ILogger logger, string batchId, int count, string channel);
}
