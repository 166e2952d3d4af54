using CxGrains.Abstractions;
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
public sealed partial class IngestPipeline(
    IGrainFactory grains,
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
                Reject(ack, i, batch.Events[i].EventId, RejectCodes.BatchTooLarge, message);
            }

            for (var i = 0; i < batch.QueueEvents.Count; i++)
            {
                Reject(ack, i, batch.QueueEvents[i].ContactId, RejectCodes.BatchTooLarge, message, queueEvent: true);
            }

            LogBatchTooLarge(logger, batch.BatchId, size, channelName);
            return ack;
        }

        var calls = Group(batch, ack);
        var queueCalls = batch.QueueEvents.Count > 0 ? GroupQueues(batch, ack) : null;
        if (_limits.BareSink)
        {
            ack.Accepted = calls.EventCount + (queueCalls?.EventCount ?? 0);
        }
        else if (calls.Count > 0 || queueCalls is { Count: > 0 })
        {
            await ApplyAsync(calls, queueCalls, ack);
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
                Reject(ack, i, e.EventId, code, message);
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
                Reject(ack, i, e.ContactId, code, message, queueEvent: true);
            }
        }

        return calls;
    }

    private async Task ApplyAsync(CustomerCalls calls, QueueCalls? queueCalls, BatchAck ack)
    {
        var applies = new Task<ApplyResult>[calls.Count];
        for (var c = 0; c < calls.Count; c++)
        {
            applies[c] = grains.GetGrainOf<ICustomerGrain>(calls.CustomerId(c)).Apply(calls.Events(c));
        }

        var queueApplies = new Task<ApplyResult>[queueCalls?.Count ?? 0];
        for (var q = 0; q < queueApplies.Length; q++)
        {
            queueApplies[q] = grains.GetGrainOf<ITouchpointGrain>(queueCalls!.QueueId(q)).ApplyQueueSteps(queueCalls.Steps(q));
        }

        try
        {
            await (queueApplies.Length == 0 ? Task.WhenAll(applies) : Task.WhenAll([.. applies, .. queueApplies]));
        }
        catch (Exception)
        {
            // Each failed call is reported below, per customer or queue.
        }

        var rejected = false;
        for (var c = 0; c < calls.Count; c++)
        {
            if (!TryCount(applies[c], ack, out var message))
            {
                var events = calls.Events(c);
                var indexes = calls.BatchIndexes(c);
                for (var k = 0; k < events.Length; k++)
                {
                    Reject(ack, indexes[k], events[k].EventId, RejectCodes.Unavailable, message);
                }

                rejected = true;
            }
        }

        for (var q = 0; q < queueApplies.Length; q++)
        {
            if (!TryCount(queueApplies[q], ack, out var message))
            {
                var steps = queueCalls!.Steps(q);
                var indexes = queueCalls.BatchIndexes(q);
                for (var k = 0; k < steps.Length; k++)
                {
                    Reject(ack, indexes[k], steps[k].ContactId, RejectCodes.Unavailable, message, queueEvent: true);
                }

                rejected = true;
            }
        }

        // Rejections were added per call, after the invalid ones; clients read them in batch order.
        if (rejected && ack.Rejected.Count > 1)
        {
            var ordered = ack.Rejected.OrderBy(r => r.QueueEvent).ThenBy(r => r.Index).ToList();
            ack.Rejected.Clear();
            ack.Rejected.AddRange(ordered);
        }
    }

    /// <summary>Adds a finished call's result to the ack; false (with the rejection message) when it failed.</summary>
    private bool TryCount(Task<ApplyResult> apply, BatchAck ack, out string message)
    {
        if (apply.IsCompletedSuccessfully)
        {
            ack.Accepted += apply.Result.Applied;
            ack.Duplicates += apply.Result.Duplicates;
            message = "";
            return true;
        }

        var failure = apply.Exception?.InnerException ?? new TaskCanceledException(apply);
        message = failure is StorageUnavailableException storage
            ? $"{storage.Message}; nothing was acknowledged: resend the event (a resend never counts twice)."
            : "the event could not be applied right now; resend it (a resend never counts twice).";
        if (failure is StorageUnavailableException)
        {
            // Expected while storage is down, for every call of every batch: one line, no stack trace.
            LogStorageUnavailable(logger, failure.Message);
        }
        else
        {
            LogApplyFailed(logger, failure);
        }

        return false;
    }

    private void Reject(BatchAck ack, int index, string eventId, string code, string message, bool queueEvent = false)
    {
        ack.Rejected.Add(new RejectedEvent { Index = index, EventId = eventId, Code = code, Message = message, QueueEvent = queueEvent });
        metrics.RecordReject(code);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId} from channel {Channel} refused: {Count} events is over the limit")]
    private static partial void LogBatchTooLarge(ILogger logger, string batchId, int count, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Events of one customer or queue rejected as UNAVAILABLE: {Reason}")]
    private static partial void LogStorageUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying the events of one customer or queue failed; they are rejected as UNAVAILABLE")]
    private static partial void LogApplyFailed(ILogger logger, Exception exception);
}
