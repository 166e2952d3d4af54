using System.Diagnostics;

namespace CxGrains.LoadGen;

/// <summary>
/// Sends with unary <c>Submit</c> calls: <c>InFlight</c> lanes, each waiting for its ack before the next
/// batch. A failed call is retried with the same batch (same id, same events) after a backoff, on the next
/// target when there are several; events an ack rejects as <c>UNAVAILABLE</c> are sent again in a new batch.
/// </summary>
internal sealed class SubmitSender(RunContext context, int firstTarget)
{
    private const string UnavailableCode = "UNAVAILABLE";

    public Task RunAsync() => Task.WhenAll(Enumerable.Range(0, context.Options.InFlight)
        .Select(lane => RunLaneAsync((firstTarget + lane) % context.Targets.Count)));

    private async Task RunLaneAsync(int target)
    {
        while (!context.Stop.IsCancellationRequested)
        {
            await context.Pacer.WaitAsync(context.Options.BatchSize, context.Stop)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (context.Stop.IsCancellationRequested)
            {
                return;
            }

            var batch = context.Source.Next();
            if (batch is null)
            {
                context.EndSending();
                return;
            }

            while (batch is not null)
            {
                (target, batch) = await SendUntilAckedAsync(batch, target);
            }
        }
    }

    /// <summary>Sends until acked or given up; returns the lane's target now and a retry batch, if one is needed.</summary>
    private async Task<(int Target, PendingBatch? Retry)> SendUntilAckedAsync(PendingBatch batch, int target)
    {
        var failures = 0;
        while (true)
        {
            batch.MarkSent();
            context.Counters.OnSent(batch.EventCount, batch.Sends, batch.IsRetry);
            Exception failure;
            try
            {
                var ack = await context.Targets[target].Client.SubmitAsync(
                    batch.Batch,
                    context.Headers,
                    deadline: DateTime.UtcNow + context.Options.AckTimeout,
                    cancellationToken: context.Abort);
                context.Counters.OnAck(batch.Batch, batch.IsRetry, ack, Stopwatch.GetElapsedTime(batch.SentAt));
                var retry = context.Options.Resend
                    ? batch.RetryOf(ack.Rejected.Where(r => r.Code == UnavailableCode && !r.QueueEvent).Select(r => r.Index), ack.Rejected.Where(r => r.Code == UnavailableCode && r.QueueEvent).Select(r => r.Index))
                    : null;
                if (retry is not null)
                {
                    await Task.Delay(context.Backoff(retry.Retry), context.Abort).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    if (context.Abort.IsCancellationRequested)
                    {
                        context.Counters.OnAbandoned(retry.EventCount, wasSent: false);
                        retry = null;
                    }
                }

                return (target, retry);
            }
            catch (Exception exception)
            {
                failure = exception;
            }

            if (context.Abort.IsCancellationRequested)
            {
                context.Counters.OnAbandoned(batch.EventCount, wasSent: true);
                return (target, null);
            }

            if (Failures.IsFatal(failure))
            {
                context.Counters.OnAbandoned(batch.EventCount, wasSent: true);
                throw Failures.Refused(context.Targets[target].Url, failure);
            }

            if (!context.Options.Resend)
            {
                context.Counters.OnAbandoned(batch.EventCount, wasSent: true);
                return (target, null);
            }

            if (++failures > context.Options.MaxReconnectAttempts)
            {
                context.Counters.OnAbandoned(batch.EventCount, wasSent: true);
                throw Failures.GaveUp(context.Targets[target].Url, failures, failure);
            }

            target = (target + 1) % context.Targets.Count;
            context.Counters.OnReconnect();
            await Task.Delay(context.Backoff(failures), context.Abort).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
