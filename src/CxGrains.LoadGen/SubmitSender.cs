using System.Diagnostics;

namespace CxGrains.LoadGen;

/// <summary>
/// Sends with unary <c>Submit</c> calls: <c>InFlight</c> lanes, each waiting for its ack before the next
/// batch. A failed call is retried with the same batch (same id, same events) after a backoff.
/// </summary>
internal sealed class SubmitSender(RunContext context)
{
    public Task RunAsync() => Task.WhenAll(Enumerable.Range(0, context.Options.InFlight).Select(_ => RunLaneAsync()));

    private async Task RunLaneAsync()
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

            await SendUntilAckedAsync(batch);
        }
    }

    private async Task SendUntilAckedAsync(PendingBatch batch)
    {
        var failures = 0;
        while (true)
        {
            batch.MarkSent();
            context.Counters.OnSent(batch);
            Exception failure;
            try
            {
                var ack = await context.Client.SubmitAsync(
                    batch.Batch,
                    context.Headers,
                    deadline: DateTime.UtcNow + context.Options.AckTimeout,
                    cancellationToken: context.Abort);
                context.Counters.OnAck(batch, ack, Stopwatch.GetElapsedTime(batch.SentAt));
                return;
            }
            catch (Exception exception)
            {
                failure = exception;
            }

            if (context.Abort.IsCancellationRequested)
            {
                context.Counters.OnAbandoned(batch);
                return;
            }

            if (Failures.IsFatal(failure))
            {
                context.Counters.OnAbandoned(batch);
                throw Failures.Refused(context.Options.Url, failure);
            }

            if (!context.Options.Resend)
            {
                context.Counters.OnAbandoned(batch);
                return;
            }

            if (++failures > context.Options.MaxReconnectAttempts)
            {
                context.Counters.OnAbandoned(batch);
                throw Failures.GaveUp(context.Options.Url, failures, failure);
            }

            context.Counters.OnReconnect();
            await Task.Delay(context.Backoff(failures), context.Abort).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
