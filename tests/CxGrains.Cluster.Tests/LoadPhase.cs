using System.Diagnostics;
using CxGrains.LoadGen;

namespace CxGrains.Cluster.Tests;

/// <summary>
/// One load run through the given targets, with a fault injected mid-stream: once a third of the events are
/// acked, <c>fault</c> runs while the clients keep sending; they fail over, resend, and the run ends when
/// every batch is acked. Without a fault it is a warm-up.
/// </summary>
internal static class LoadPhase
{
    public const int Customers = 2_000;
    public const int Touchpoints = 20;

    /// <summary>Skewed, but the busiest customer stays far below the dedupe horizon (~1 % of the events).</summary>
    public const double ZipfExponent = 0.5;

    public static Task<PhaseOutcome> RunAsync(TestCluster cluster, IReadOnlyList<Uri> targets, int events, int seed, Func<Task<string>>? fault) =>
        RunAsync(cluster.IngestKey, targets, events, seed, fault);

    /// <summary>As above, against any ingest endpoints that take <paramref name="ingestKey"/>.</summary>
    public static async Task<PhaseOutcome> RunAsync(string ingestKey, IReadOnlyList<Uri> targets, int events, int seed, Func<Task<string>>? fault)
    {
        var options = new LoadOptions
        {
            Targets = targets,
            ApiKey = ingestKey,
            Synthetic = new SyntheticOptions { Customers = Customers, Touchpoints = Touchpoints, ZipfExponent = ZipfExponent, Seed = seed },
            TotalEvents = events,
            Rate = 2_000,
            Streams = 2 * targets.Count,
            BatchSize = 50,
            InFlight = 4,
            TrackAcked = true,
            MaxReconnectAttempts = 40,
            ReconnectDelay = TimeSpan.FromMilliseconds(100),
            MaxReconnectDelay = TimeSpan.FromSeconds(1),
            AckTimeout = TimeSpan.FromSeconds(30),
            DrainTimeout = TimeSpan.FromMinutes(2),
            ProgressInterval = TimeSpan.FromMilliseconds(100),
        };

        var trigger = new ProgressTrigger(events / 3);
        var started = Stopwatch.GetTimestamp();
        var run = LoadRunner.RunAsync(options, trigger);
        if (fault is null)
        {
            return new PhaseOutcome(await run, TimeSpan.Zero, "no fault");
        }

        await Task.WhenAny(trigger.Reached, run);
        if (!trigger.Reached.IsCompleted)
        {
            var early = await run;
            throw new InvalidOperationException($"The run ended before the fault could be injected: {early.EventsAcknowledged} events acked.");
        }

        var faultAt = Stopwatch.GetElapsedTime(started);
        var faultNote = await fault();
        var summary = await run;
        return new PhaseOutcome(summary, faultAt, faultNote);
    }

    private sealed class ProgressTrigger(long threshold) : IProgress<LoadProgress>
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public void Report(LoadProgress value)
        {
            if (value.Accepted + value.Duplicates >= threshold)
            {
                _reached.TrySetResult();
            }
        }
    }
}

/// <summary>A load phase's summary, when its fault struck, and what the fault reported.</summary>
internal sealed record PhaseOutcome(LoadSummary Summary, TimeSpan FaultAt, string FaultNote)
{
    public IReadOnlyDictionary<string, long> AckedByCustomer => Summary.AckedByCustomer!;

    public IReadOnlyDictionary<string, long> AckedByTouchpoint => Summary.AckedByTouchpoint!;

    public override string ToString() =>
        $"{Summary.EventsSent} events sent in {Summary.ElapsedSeconds:F1} s; fault at {FaultAt.TotalSeconds:F1} s ({FaultNote}); " +
        $"acked {Summary.EventsAcknowledged} ({Summary.Accepted} accepted, {Summary.Duplicates} duplicates, {Summary.Rejected} rejected: " +
        $"{string.Join(", ", Summary.RejectedByCode.Select(kv => $"{kv.Key} {kv.Value}"))}); " +
        $"{Summary.Reconnects} reconnects, {Summary.BatchesResent} batches resent, {Summary.EventsRetried} events retried, " +
        $"{Summary.UnackedEvents} unacked at end; ack p99 {Summary.AckLatency.P99Ms:F0} ms, max {Summary.AckLatency.MaxMs:F0} ms";
}
