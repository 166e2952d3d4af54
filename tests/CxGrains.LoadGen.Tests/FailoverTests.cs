using CxGrains.Contracts.V1;

namespace CxGrains.LoadGen.Tests;

/// <summary>
/// Several targets: two test servers sharing one <see cref="TestIngestBehavior"/> stand for two front ends of one
/// cluster (one de-duplicating store), so exactly-once is checked across both.
/// </summary>
public sealed class FailoverTests
{
    [Fact]
    public async Task Streams_are_spread_over_every_target()
    {
        var behavior = new TestIngestBehavior();
        await using var a = await TestIngestServer.StartAsync(behavior);
        await using var b = await TestIngestServer.StartAsync(behavior);
        var options = a.Options(totalEvents: 8_000) with { Targets = [a.Url, b.Url], Streams = 4, BatchSize = 200, TrackAcked = true };

        var summary = await LoadRunner.RunAsync(options);

        Assert.True(summary.Complete);
        Assert.Equal(4, behavior.Streams.Count);
        Assert.Equal([a.Url.ToString(), b.Url.ToString()], summary.Targets);
        Assert.Equal(2, behavior.StreamsByServer.Count);
        Assert.All(behavior.StreamsByServer.Values, n => Assert.Equal(2, n));
        Assert.Equal(behavior.AppliedByCustomer(), summary.AckedByCustomer);
    }

    [Fact]
    public async Task A_killed_target_sends_its_streams_to_the_next_one_and_every_acked_event_counts_once()
    {
        var behavior = new TestIngestBehavior { AckDelay = TimeSpan.FromMilliseconds(2) };
        var a = await TestIngestServer.StartAsync(behavior);
        await using var b = await TestIngestServer.StartAsync(behavior);
        var options = a.Options(totalEvents: 30_000) with
        {
            Targets = [a.Url, b.Url],
            Streams = 4,
            BatchSize = 100,
            InFlight = 4,
            TrackAcked = true,
        };

        var run = LoadRunner.RunAsync(options);
        await WaitUntilAsync(() => behavior.Applied.Count >= 5_000);
        await a.KillAsync();
        var summary = await run;
        await a.DisposeAsync();

        Assert.True(summary.Complete, $"unacked batches: {summary.UnackedBatches}");
        Assert.True(summary.Reconnects >= 2, $"reconnects: {summary.Reconnects}");
        Assert.True(summary.BatchesResent >= 1, $"resent: {summary.BatchesResent}");
        Assert.Equal(30_000, summary.EventsSent);
        Assert.Equal(30_000, behavior.Applied.Count);
        Assert.Equal(behavior.AppliedByCustomer(), summary.AckedByCustomer);
        Assert.Equal(30_000, summary.AckedByTouchpoint!.Values.Sum());
    }

    [Fact]
    public async Task Events_rejected_as_unavailable_are_sent_again_in_new_batches()
    {
        // Every third event is refused the first time it arrives, as a silo that just went away would cause.
        var refusedOnce = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var behavior = new TestIngestBehavior
        {
            Reject = e => e.EventId.GetHashCode(StringComparison.Ordinal) % 3 == 0 && refusedOnce.TryAdd(e.EventId, true) ? "UNAVAILABLE" : null,
        };
        await using var server = await TestIngestServer.StartAsync(behavior);
        var options = server.Options(totalEvents: 6_000) with { Streams = 2, BatchSize = 300, TrackAcked = true };

        var summary = await LoadRunner.RunAsync(options);

        Assert.True(summary.Complete);
        Assert.Equal(refusedOnce.Count, summary.EventsRetried);
        Assert.Equal(refusedOnce.Count, summary.Rejected);
        Assert.True(summary.BatchesRetried >= 1);
        Assert.Equal(6_000, behavior.Applied.Count);
        Assert.Equal(6_000, summary.Accepted);
        Assert.Equal(behavior.AppliedByCustomer(), summary.AckedByCustomer);
        Assert.Equal(6_000, summary.AckedByTouchpoint!.Values.Sum());
        Assert.All(behavior.BatchReceipts.Keys.Where(id => id.Contains("-r", StringComparison.Ordinal)),
            id => Assert.Matches(@"-b\d+-r1$", id));
    }

    [Fact]
    public async Task Submit_mode_retries_unavailable_events_and_fails_over()
    {
        var refusedOnce = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var behavior = new TestIngestBehavior
        {
            Reject = e => e.PayloadCase == InteractionEvent.PayloadOneofCase.Nps && refusedOnce.TryAdd(e.EventId, true) ? "UNAVAILABLE" : null,
        };
        await using var a = await TestIngestServer.StartAsync(behavior);
        await using var b = await TestIngestServer.StartAsync(behavior);
        await b.KillAsync();
        var options = a.Options(totalEvents: 4_000) with { Targets = [b.Url, a.Url], Streams = 2, InFlight = 2, BatchSize = 250, UseSubmit = true, TrackAcked = true };

        var summary = await LoadRunner.RunAsync(options);

        Assert.True(summary.Complete);
        Assert.True(summary.Reconnects >= 1);
        Assert.Equal(refusedOnce.Count, summary.EventsRetried);
        Assert.Equal(4_000, behavior.Applied.Count);
        Assert.Equal(behavior.AppliedByCustomer(), summary.AckedByCustomer);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the run made no progress");
            await Task.Delay(5);
        }
    }
}
