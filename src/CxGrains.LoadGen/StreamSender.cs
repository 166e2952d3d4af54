using CxGrains.Client;

namespace CxGrains.LoadGen;

/// <summary>
/// The stream mode: the run's batches go through one <see cref="CxIngestClient"/> with <c>Streams</c> streams
/// (window, failover, resends and <c>UNAVAILABLE</c> retries are the client's). On top of it the load generator
/// keeps what is its own: the pacer, the run's numbered batches, the drain once sending stops, and the counters.
/// </summary>
internal sealed class StreamSender(RunContext context)
{
    public async Task RunAsync()
    {
        var options = context.Options;
        var client = new CxIngestClient(
            new CxIngestClientOptions
            {
                Endpoints = [.. context.Targets.Select(t => t.Url)],
                ChannelFactory = url => context.Targets.First(t => t.Url == url).Channel,
                ApiKey = options.ApiKey,
                MaxBatchSize = options.BatchSize,
                MaxInFlightBatches = options.InFlight,
                Streams = options.Streams,
                Resend = options.Resend,
                MaxReconnectAttempts = options.MaxReconnectAttempts,
                ReconnectDelay = options.ReconnectDelay,
                MaxReconnectDelay = options.MaxReconnectDelay,
                AckTimeout = options.AckTimeout,
                BatchIdPrefix = context.Source.RunId,
            },
            new CountingObserver(context.Counters));
        try
        {
            // One producer per stream, so that generating events (the costly part at high rates) runs in parallel.
            await Task.WhenAll(Enumerable.Range(0, options.Streams).Select(_ => Task.Run(() => ProduceAsync(client))));

            // Sending has stopped: in-flight batches (and the retries they cause) get until the drain timeout.
            await client.FlushAsync(context.Abort);
        }
        catch (OperationCanceledException) when (context.Abort.IsCancellationRequested)
        {
            // Drain timeout or a failure elsewhere: disposing the client counts what is left as unacknowledged.
        }
        catch (CxIngestException exception)
        {
            throw Failures.From(exception);
        }
        finally
        {
            await client.DisposeAsync();
        }
    }

    private async Task ProduceAsync(CxIngestClient client)
    {
        while (!context.Stop.IsCancellationRequested)
        {
            await context.Pacer.WaitAsync(context.Options.BatchSize, context.Stop)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (context.Stop.IsCancellationRequested)
            {
                return;
            }

            var next = context.Source.Next();
            if (next is null)
            {
                context.EndSending();
                return;
            }

            // A batch taken from the run goes out even if sending stops meanwhile: the count limit stays exact.
            await client.SendBatchAsync(next.Batch, context.Abort);
        }
    }
}
