using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CxGrains.Contracts.V1;

namespace CxGrains.LoadGen.Tests;

public sealed class LoadRunnerTests
{
    [Fact]
    public async Task Acks_every_batch_and_counts_match()
    {
        await using var server = await TestIngestServer.StartAsync();
        var options = server.Options(totalEvents: 12_000) with { BatchSize = 500, Streams = 4, InFlight = 4, TrackAcked = true };

        var summary = await LoadRunner.RunAsync(options);

        Assert.Equal(12_000, summary.EventsSent);
        Assert.Equal(24, summary.BatchesSent);
        Assert.Equal(24, summary.BatchesAcked);
        Assert.Equal(12_000, summary.Accepted);
        Assert.Equal(0, summary.Duplicates);
        Assert.Equal(0, summary.Rejected);
        Assert.Equal(0, summary.UnackedBatches);
        Assert.Equal(0, summary.BatchesResent);
        Assert.Equal(0, summary.UnmatchedAcks);
        Assert.True(summary.Complete);
        Assert.Equal(24, summary.AckLatency.Count);
        Assert.True(summary.AckLatency.P99Ms >= summary.AckLatency.P50Ms);
        Assert.Equal(12_000, server.Behavior.Applied.Count);
        Assert.Equal(24, server.Behavior.BatchReceipts.Count);
        Assert.All(server.Behavior.BatchReceipts.Values, n => Assert.Equal(1, n));
        Assert.Equal(server.Behavior.AppliedByCustomer(), summary.AckedByCustomer);
        Assert.Equal(12_000, summary.AckedByTouchpoint!.Values.Sum());
    }

    [Fact]
    public async Task Reconnects_and_resends_after_a_dropped_stream()
    {
        await using var server = await TestIngestServer.StartAsync(new TestIngestBehavior
        {
            DropStreamAtBatch = 10,
            AckDelay = TimeSpan.FromMilliseconds(1),
        });
        var options = server.Options(totalEvents: 20_000) with { BatchSize = 200, Streams = 2, InFlight = 4, TrackAcked = true };

        var summary = await LoadRunner.RunAsync(options);

        Assert.Equal(1, server.Behavior.Dropped);
        Assert.True(summary.Reconnects >= 1, $"reconnects: {summary.Reconnects}");
        Assert.True(summary.BatchesResent >= 1, $"resent: {summary.BatchesResent}");

        // Every batch reached the server at least once, and the batch it applied but never acked came back as duplicates.
        var batchIds = Enumerable.Range(0, 100).Select(n => $"{summary.RunId}-b{n}").ToHashSet();
        Assert.Equal(batchIds, server.Behavior.BatchReceipts.Keys.ToHashSet());
        Assert.True(summary.Duplicates >= 200, $"duplicates: {summary.Duplicates}");

        // Exactly once: acked totals equal the events generated, per customer as the server counted them.
        Assert.Equal(20_000, summary.EventsSent);
        Assert.Equal(20_000, summary.Accepted + summary.Duplicates);
        Assert.Equal(20_000, server.Behavior.Applied.Count);
        Assert.Equal(0, summary.UnackedBatches);
        Assert.True(summary.Complete);
        Assert.Equal(server.Behavior.AppliedByCustomer(), summary.AckedByCustomer);
    }

    [Fact]
    public async Task Never_has_more_than_the_window_in_flight_per_stream()
    {
        await using var server = await TestIngestServer.StartAsync(new TestIngestBehavior { AckDelay = TimeSpan.FromMilliseconds(3) });
        var options = server.Options(totalEvents: 3_000) with { BatchSize = 50, Streams = 2, InFlight = 3 };

        var summary = await LoadRunner.RunAsync(options);

        Assert.Equal(3_000, summary.Accepted);
        Assert.Equal(2, server.Behavior.Streams.Count);
        Assert.All(server.Behavior.Streams, s => Assert.InRange(s.MaxOutstanding, 1, 3));

        // The window is used, not just respected: acks were slow, so batches were pipelined.
        Assert.Contains(server.Behavior.Streams, s => s.MaxOutstanding >= 2);
    }

    [Fact]
    public async Task Submit_mode_acks_every_batch_and_retries_a_lost_ack()
    {
        await using var server = await TestIngestServer.StartAsync(new TestIngestBehavior { FailFirstSubmit = true });
        var options = server.Options(totalEvents: 5_000) with { BatchSize = 250, Streams = 2, InFlight = 2, UseSubmit = true, TrackAcked = true };

        var summary = await LoadRunner.RunAsync(options);

        Assert.Equal("submit", summary.Mode);
        Assert.Equal(1, summary.Reconnects);
        Assert.Equal(1, summary.BatchesResent);
        Assert.Equal(250, summary.Duplicates);
        Assert.Equal(5_000, summary.Accepted + summary.Duplicates);
        Assert.Equal(5_000, server.Behavior.Applied.Count);
        Assert.True(summary.Complete);
        Assert.Equal(server.Behavior.AppliedByCustomer(), summary.AckedByCustomer);
    }

    [Fact]
    public async Task Counts_rejections_by_code_and_leaves_them_out_of_acked_counts()
    {
        await using var server = await TestIngestServer.StartAsync(new TestIngestBehavior
        {
            Reject = e => e.PayloadCase == InteractionEvent.PayloadOneofCase.Complaint ? "COMPLAINTS_CLOSED" : null,
        });
        var options = server.Options(totalEvents: 10_000) with { TrackAcked = true };

        var summary = await LoadRunner.RunAsync(options);

        Assert.True(summary.Rejected > 0);
        Assert.Equal(server.Behavior.RejectedCount, summary.Rejected);
        Assert.Equal(summary.Rejected, Assert.Single(summary.RejectedByCode, kv => kv.Key == "COMPLAINTS_CLOSED").Value);
        Assert.Equal(10_000, summary.Accepted + summary.Rejected);
        Assert.Equal(summary.Accepted, summary.AckedByCustomer!.Values.Sum());
        Assert.Equal(server.Behavior.AppliedByCustomer(), summary.AckedByCustomer);
    }

    [Fact]
    public async Task A_wrong_api_key_fails_at_once_with_a_clear_message()
    {
        await using var server = await TestIngestServer.StartAsync();
        var options = server.Options(totalEvents: 1_000) with { ApiKey = "wrong-key" };

        var error = await Assert.ThrowsAsync<LoadConnectionException>(() => LoadRunner.RunAsync(options));

        Assert.Contains("API key", error.Message, StringComparison.Ordinal);
        Assert.Contains("Unauthenticated", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, error.Summary!.Reconnects);
        Assert.Empty(server.Behavior.Applied);
    }

    [Fact]
    public async Task An_unreachable_server_fails_with_a_connection_error_naming_the_address()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var options = new LoadOptions
        {
            Url = url,
            TotalEvents = 1_000,
            Streams = 1,
            MaxReconnectAttempts = 2,
            ReconnectDelay = TimeSpan.FromMilliseconds(5),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(10),
            Synthetic = new SyntheticOptions { Customers = 100 },
        };

        var error = await Assert.ThrowsAsync<LoadConnectionException>(() => LoadRunner.RunAsync(options));

        Assert.Contains($"Cannot reach the ingest service at {url}", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 connection attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, error.Summary!.BatchesAcked);
    }

    [Fact]
    public async Task A_timed_run_stops_sending_drains_and_reports_progress()
    {
        await using var server = await TestIngestServer.StartAsync();
        var reports = new List<LoadProgress>();
        var options = server.Options(totalEvents: null) with
        {
            Duration = TimeSpan.FromMilliseconds(400),
            Rate = 20_000,
            BatchSize = 100,
            ProgressInterval = TimeSpan.FromMilliseconds(50),
        };

        var summary = await LoadRunner.RunAsync(options, new SynchronousProgress(reports));

        Assert.True(summary.EventsSent > 0);
        Assert.True(summary.Complete);
        Assert.Equal(summary.EventsSent, summary.Accepted);

        // The pacer is an upper bound whatever the machine's speed: the bucket's burst plus the rate.
        Assert.True(
            summary.EventsSent <= 20_000 * summary.ElapsedSeconds + options.BatchSize * (options.Streams + 1),
            $"{summary.EventsSent} events in {summary.ElapsedSeconds:F3} s");
        Assert.NotEmpty(reports);
        Assert.True(reports[^1].Accepted <= summary.Accepted);
    }

    [Fact]
    public async Task Cancelling_ends_the_run_gracefully_with_a_summary()
    {
        await using var server = await TestIngestServer.StartAsync();
        using var cancel = new CancellationTokenSource();
        var options = server.Options(totalEvents: null) with { Rate = 10_000 };

        // Cancelled once events flow, not after a fixed time: on a loaded machine the streams may
        // take longer than that to connect.
        var run = LoadRunner.RunAsync(options, progress: null, cancel.Token);
        var started = Stopwatch.StartNew();
        while (server.Behavior.Applied.IsEmpty && !run.IsCompleted && started.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        await cancel.CancelAsync();
        var summary = await run;

        Assert.True(summary.EventsSent > 0);
        Assert.True(summary.Complete);
        Assert.Equal(summary.EventsSent, server.Behavior.Applied.Count);
    }

    [Fact]
    public async Task Batches_still_unacked_after_the_drain_timeout_are_reported()
    {
        await using var server = await TestIngestServer.StartAsync(new TestIngestBehavior { AckDelay = TimeSpan.FromMinutes(5) });

        // Stops by count, not after a short duration (a 200 ms run once ended before the second stream had
        // sent): 3 batches fit in the 2 × 2 window however long the connections take to open, and the
        // stream with room left asks for a fourth, finds the source dry and starts the drain.
        var options = server.Options(totalEvents: 300) with
        {
            DrainTimeout = TimeSpan.FromMilliseconds(200),
            BatchSize = 100,
            Streams = 2,
            InFlight = 2,
        };

        var summary = await LoadRunner.RunAsync(options);

        Assert.False(summary.Complete);
        Assert.Equal(0, summary.BatchesAcked);
        Assert.Equal(3, summary.BatchesSent);
        Assert.Equal(3, summary.UnackedBatches);
        Assert.Equal(300, summary.UnackedEvents);
    }

    [Fact]
    public async Task A_stream_without_acks_is_dropped_resent_and_finally_given_up()
    {
        await using var server = await TestIngestServer.StartAsync(new TestIngestBehavior { AckDelay = TimeSpan.FromMinutes(5) });
        var options = server.Options(totalEvents: 1_000) with
        {
            BatchSize = 100,
            Streams = 1,
            InFlight = 2,
            AckTimeout = TimeSpan.FromMilliseconds(200),
            MaxReconnectAttempts = 1,
        };

        var error = await Assert.ThrowsAsync<LoadConnectionException>(() => LoadRunner.RunAsync(options));

        Assert.Contains("No ack within 0.2 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Summary!.Reconnects);
        Assert.Equal(2, error.Summary.BatchesResent);
        Assert.All(server.Behavior.BatchReceipts.Values, n => Assert.Equal(2, n));
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_connecting()
    {
        var options = new LoadOptions { BatchSize = 1_000 };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => LoadRunner.RunAsync(options));

        Assert.Contains("BatchSize", error.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class SynchronousProgress(List<LoadProgress> reports) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
