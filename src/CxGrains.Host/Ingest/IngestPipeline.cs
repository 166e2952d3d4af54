using CxGrains.Abstractions;
using CxGrains.Contracts.V1;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Ingest;

/// <summary>
/// Turns one <see cref="EventBatch"/> into grain calls and a <see cref="BatchAck"/>: validates
/// every event, groups the valid ones by customer so each customer gets one call per batch, calls
/// the customers concurrently and reports what happened to each event.
/// </summary>
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

        var receivedAt = time.GetUtcNow().UtcTicks;
        var byCustomer = new Dictionary<string, CustomerGroup>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Events.Count; i++)
        {
            var e = batch.Events[i];
            if (!validator.TryConvert(e, receivedAt, out var converted, out var code, out var message))
            {
                Reject(ack, i, e.EventId, code, message);
                continue;
            }

            if (!byCustomer.TryGetValue(e.CustomerId, out var group))
            {
                group = new CustomerGroup();
                byCustomer[e.CustomerId] = group;
            }

            group.Events.Add(converted!);
            group.Indexes.Add(i);
        }

        if (_limits.BareSink)
        {
            ack.Accepted = byCustomer.Values.Sum(g => g.Events.Count);
        }
        else
        {
            await Task.WhenAll(byCustomer.Select(pair => ApplyAsync(pair.Key, pair.Value)));
            foreach (var group in byCustomer.Values)
            {
                if (group.Failure is null)
                {
                    ack.Accepted += group.Result.Applied;
                    ack.Duplicates += group.Result.Duplicates;
                    continue;
                }

                var message = group.Failure is StorageUnavailableException storage
                    ? $"{storage.Message}; nothing was acknowledged: resend the event (a resend never counts twice)."
                    : "the event could not be applied right now; resend it (a resend never counts twice).";
                for (var k = 0; k < group.Events.Count; k++)
                {
                    Reject(ack, group.Indexes[k], group.Events[k].EventId, RejectCodes.Unavailable, message);
                }
            }

            // Rejections were added per customer; clients read them in batch order.
            if (ack.Rejected.Count > 1)
            {
                var ordered = ack.Rejected.OrderBy(r => r.Index).ToList();
                ack.Rejected.Clear();
                ack.Rejected.AddRange(ordered);
            }
        }

        metrics.RecordBatch(ack, time.GetElapsedTime(started));
        return ack;
    }

    private async Task ApplyAsync(string customerId, CustomerGroup group)
    {
        try
        {
            group.Result = await grains.GetGrain<ICustomerGrain>(customerId).Apply(group.Events);
        }
        catch (StorageUnavailableException ex)
        {
            // Expected while storage is down, for every customer of every batch: one line, no stack trace.
            group.Failure = ex;
            LogStorageUnavailable(logger, group.Events.Count, ex.Message);
        }
        catch (Exception ex)
        {
            group.Failure = ex;
            LogApplyFailed(logger, group.Events.Count, ex);
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

    private sealed class CustomerGroup
    {
        public List<CustomerEvent> Events { get; } = new(1);
        public List<int> Indexes { get; } = new(1);
        public ApplyResult Result { get; set; }
        public Exception? Failure { get; set; }
    }
}
