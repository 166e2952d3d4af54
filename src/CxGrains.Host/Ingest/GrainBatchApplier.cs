using CxGrains.Abstractions;
using CxGrains.Contracts.V1;

namespace CxGrains.Host.Ingest;

/// <summary>
/// Makes a batch's grain calls, one per customer and one per queue, concurrently, and counts what
/// each call applied into the ack; the events of a call that failed are rejected as
/// <c>UNAVAILABLE</c>, to be resent.
/// </summary>
internal sealed partial class GrainBatchApplier(IGrainFactory grains, IngestMetrics metrics, ILogger<GrainBatchApplier> logger) : IBatchApplier
{
    /// <inheritdoc />
    public async Task ApplyAsync(CustomerCalls calls, QueueCalls? queueCalls, BatchAck ack)
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
                    metrics.Reject(ack, indexes[k], events[k].EventId, RejectCodes.Unavailable, message);
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
                    metrics.Reject(ack, indexes[k], steps[k].ContactId, RejectCodes.Unavailable, message, queueEvent: true);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Events of one customer or queue rejected as UNAVAILABLE: {Reason}")]
    private static partial void LogStorageUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying the events of one customer or queue failed; they are rejected as UNAVAILABLE")]
    private static partial void LogApplyFailed(ILogger logger, Exception exception);
}
