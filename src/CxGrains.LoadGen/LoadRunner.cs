using System.Diagnostics;
using CxGrains.Client;
using Grpc.Core;
using Grpc.Net.Client;

namespace CxGrains.LoadGen;

/// <summary>
/// Streams synthetic events into an ingest service and measures what comes back. Cancelling the token
/// ends a run early but gracefully: nothing new is sent, batches in flight get
/// <see cref="LoadOptions.DrainTimeout"/> to be acknowledged, and the summary is returned.
/// </summary>
public static class LoadRunner
{
    /// <summary>Runs a load against <see cref="LoadOptions.EffectiveTargets"/>, one new gRPC channel each.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="LoadConnectionException">The service could not be reached or refused the run.</exception>
    public static async Task<LoadSummary> RunAsync(
        LoadOptions options,
        IProgress<LoadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ThrowIfInvalid(options);
        var channels = options.EffectiveTargets.Select(url => (Url: url, Channel: CreateChannel(url))).ToList();
        try
        {
            return await RunCoreAsync(options, [.. channels.Select(c => (c.Url, (ChannelBase)c.Channel))], progress, cancellationToken);
        }
        finally
        {
            foreach (var (_, channel) in channels)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>Runs a load over an existing channel (TLS, custom handlers, test servers).
    /// <see cref="LoadOptions.Url"/> then only names the target in messages; <see cref="LoadOptions.Targets"/> is ignored.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="LoadConnectionException">The service could not be reached or refused the run.</exception>
    public static Task<LoadSummary> RunAsync(
        LoadOptions options,
        ChannelBase channel,
        IProgress<LoadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ThrowIfInvalid(options);
        ArgumentNullException.ThrowIfNull(channel);
        return RunCoreAsync(options with { Targets = [] }, [(options.Url, channel)], progress, cancellationToken);
    }

    private static async Task<LoadSummary> RunCoreAsync(
        LoadOptions options,
        IReadOnlyList<(Uri Url, ChannelBase Channel)> channels,
        IProgress<LoadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var factory = new EventFactory(options.Synthetic);
        var counters = new RunCounters(options.TrackAcked);
        using var abort = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, abort.Token);
        if (options.Duration is { } duration)
        {
            stop.CancelAfter(duration);
        }

        // Once sending stops (time, count or cancellation), in-flight batches get the drain timeout; then
        // everything is cut, so a server that never acks cannot hang the run.
        using var drain = stop.Token.Register(() => abort.CancelAfter(options.DrainTimeout));

        var context = new RunContext(
            options,
            [.. channels.Select(c => new IngestTarget(c.Url, c.Channel))],
            new BatchSource(factory, options.BatchSize, options.TotalEvents),
            new TokenBucketPacer(options.Rate, burst: options.BatchSize),
            counters,
            stop,
            abort.Token);

        var started = Stopwatch.GetTimestamp();
        using var reporting = new CancellationTokenSource();
        var reporter = progress is null
            ? Task.CompletedTask
            : ReportProgressAsync(counters, progress, options.ProgressInterval, started, reporting.Token);

        // Stream (or unary sender) i starts at target i (round robin), so the load spreads over every address.
        Func<Task>[] runs = options.UseSubmit
            ? [.. Enumerable.Range(0, options.Streams).Select(i => (Func<Task>)new SubmitSender(context, i).RunAsync)]
            : [new StreamSender(context).RunAsync];
        var senders = runs.Select(run => Task.Run(() => RunSenderAsync(abort, run), CancellationToken.None)).ToArray();
        Exception? failure = null;
        try
        {
            await Task.WhenAll(senders);
        }
        catch (Exception)
        {
            failure = senders
                .Where(t => t.IsFaulted)
                .SelectMany(t => t.Exception!.InnerExceptions)
                .OrderBy(e => e is LoadConnectionException ? 0 : 1)
                .First();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        await reporting.CancelAsync();
        await reporter.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var summary = Summarize(options, factory.RunId, counters, elapsed);
        return failure switch
        {
            null => summary,
            LoadConnectionException connection => throw new LoadConnectionException(connection.Message, connection.InnerException, summary),
            _ => throw new InvalidOperationException($"The load run failed: {failure.Message}", failure),
        };
    }

    /// <summary>A gRPC channel tuned for a load generator: the ingest client's (HTTP/2, plain text allowed, keep-alive
    /// pings to notice a dead server quickly, and more connections when one is full of streams).</summary>
    public static GrpcChannel CreateChannel(Uri url) => CxIngestClient.CreateChannel(url);

    private static void ThrowIfInvalid(LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid load options: " + string.Join("; ", errors), nameof(options));
        }
    }

    private static async Task RunSenderAsync(CancellationTokenSource abort, Func<Task> run)
    {
        try
        {
            await run();
        }
        catch
        {
            // One sender giving up ends the run: the others would only hit the same wall.
            await abort.CancelAsync();
            throw;
        }
    }

    private static async Task ReportProgressAsync(
        RunCounters counters,
        IProgress<LoadProgress> progress,
        TimeSpan interval,
        long started,
        CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        var previousBuckets = new long[LatencyHistogram.BucketCount];
        var buckets = new long[LatencyHistogram.BucketCount];
        long previousAcknowledged = 0;
        long previousSent = 0;
        var previousTime = started;
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var now = Stopwatch.GetTimestamp();
            var seconds = Stopwatch.GetElapsedTime(previousTime, now).TotalSeconds;
            counters.Latency.CopyTo(buckets);
            var acknowledged = counters.EventsAcknowledged;
            var sent = counters.EventsSent;
            progress.Report(new LoadProgress
            {
                Elapsed = Stopwatch.GetElapsedTime(started, now),
                EventsSent = sent,
                Accepted = counters.Accepted,
                Duplicates = counters.Duplicates,
                Rejected = counters.Rejected,
                EventsPerSecond = (acknowledged - previousAcknowledged) / seconds,
                SentPerSecond = (sent - previousSent) / seconds,
                IntervalLatency = LatencyHistogram.Summarize(buckets, previousBuckets),
                InFlightBatches = counters.InFlight,
                Reconnects = counters.Reconnects,
            });
            (previousBuckets, buckets) = (buckets, previousBuckets);
            previousAcknowledged = acknowledged;
            previousSent = sent;
            previousTime = now;
        }
    }

    private static LoadSummary Summarize(LoadOptions options, string runId, RunCounters counters, TimeSpan elapsed)
    {
        var acked = counters.Acked?.Snapshot();
        return new LoadSummary
        {
            RunId = runId,
            Url = options.Url.ToString(),
            Targets = [.. options.EffectiveTargets.Select(t => t.ToString())],
            Mode = options.UseSubmit ? "submit" : "stream",
            Streams = options.Streams,
            BatchSize = options.BatchSize,
            InFlight = options.InFlight,
            TargetRate = options.Rate,
            Elapsed = elapsed,
            BatchesSent = counters.BatchesSent,
            EventsSent = counters.EventsSent,
            BatchesResent = counters.BatchesResent,
            EventsResent = counters.EventsResent,
            BatchesAcked = counters.BatchesAcked,
            Accepted = counters.Accepted,
            Duplicates = counters.Duplicates,
            Rejected = counters.Rejected,
            RejectedByCode = new SortedDictionary<string, long>(counters.RejectedByCode, StringComparer.Ordinal),
            UnackedBatches = counters.AbandonedBatches,
            UnackedEvents = counters.AbandonedEvents,
            Reconnects = counters.Reconnects,
            BatchesRetried = counters.BatchesRetried,
            EventsRetried = counters.EventsRetried,
            UnmatchedAcks = counters.UnmatchedAcks,
            AckLatency = counters.Latency.Summarize(),
            AdmissionWait = counters.AdmissionWait.Summarize(),
            AckedByCustomer = acked?.Customers,
            AckedByTouchpoint = acked?.Touchpoints,
        };
    }
}
