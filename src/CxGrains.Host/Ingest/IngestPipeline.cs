using CxGrains.Abstractions;
using CxGrains.Contracts.V1;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Ingest;

/// <summary>
/// Turns one <see cref="EventBatch"/> into grain calls and a <see cref="BatchAck"/>: validates
/// every event, groups the valid ones by customer so each customer gets one call per batch, calls
/// the customers concurrently and reports what happened to each event.
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
        if (batch.Events.Count > _limits.MaxBatchEvents)
        {
            // All or nothing: applying a prefix would leave the client unsure what to resend.
            for (var i = 0; i < batch.Events.Count; i++)
            {
                Reject(ack, i, batch.Events[i].EventId, RejectCodes.BatchTooLarge,
                    $"the batch holds {batch.Events.Count} events; the limit is {_limits.MaxBatchEvents}. Split it and resend.");
            }

            LogBatchTooLarge(logger, batch.BatchId, batch.Events.Count, channelName);
            return ack;
        }

        var calls = Group(batch, ack);
        if (_limits.BareSink)
        {
            ack.Accepted = calls.EventCount;
        }
        else if (calls.Count > 0)
        {
            await ApplyAsync(calls, ack);
        }

        metrics.RecordBatch(ack, time.GetElapsedTime(started));
        return ack;
    }

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

    private async Task ApplyAsync(CustomerCalls calls, BatchAck ack)
    {
        var applies = new Task<ApplyResult>[calls.Count];
        for (var c = 0; c < calls.Count; c++)
        {
            applies[c] = grains.GetGrainOf<ICustomerGrain>(calls.CustomerId(c)).Apply(calls.Events(c));
        }

        try
        {
            await Task.WhenAll(applies);
        }
        catch (Exception)
        {
            // Each failed call is reported below, per customer.
        }

        var rejected = false;
        for (var c = 0; c < calls.Count; c++)
        {
            var apply = applies[c];
            if (apply.IsCompletedSuccessfully)
            {
                ack.Accepted += apply.Result.Applied;
                ack.Duplicates += apply.Result.Duplicates;
                continue;
            }

            var failure = apply.Exception?.InnerException ?? new TaskCanceledException(apply);
            var events = calls.Events(c);
            var message = failure is StorageUnavailableException storage
                ? $"{storage.Message}; nothing was acknowledged: resend the event (a resend never counts twice)."
                : "the event could not be applied right now; resend it (a resend never counts twice).";
            if (failure is StorageUnavailableException)
            {
                // Expected while storage is down, for every customer of every batch: one line, no stack trace.
                LogStorageUnavailable(logger, events.Length, failure.Message);
            }
            else
            {
                LogApplyFailed(logger, events.Length, failure);
            }

            var indexes = calls.BatchIndexes(c);
            for (var k = 0; k < events.Length; k++)
            {
                Reject(ack, indexes[k], events[k].EventId, RejectCodes.Unavailable, message);
            }

            rejected = true;
        }

        // Rejections were added per customer, after the invalid ones; clients read them in batch order.
        if (rejected && ack.Rejected.Count > 1)
        {
            var ordered = ack.Rejected.OrderBy(r => r.Index).ToList();
            ack.Rejected.Clear();
            ack.Rejected.AddRange(ordered);
        }
    }

    private void Reject(BatchAck ack, int index, string eventId, string code, string message)
    {
        ack.Rejected.Add(new RejectedEvent { Index = index, EventId = eventId, Code = code, Message = message });
        metrics.RecordReject(code);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId} from channel {Channel} refused: {Count} events is over the limit")]
    private static partial void LogBatchTooLarge(ILogger logger, string batchId, int count, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} events of one customer rejected as UNAVAILABLE: {Reason}")]
    private static partial void LogStorageUnavailable(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying {Count} events of one customer failed; they are rejected as UNAVAILABLE")]
    private static partial void LogApplyFailed(ILogger logger, int count, Exception exception);
}
