using System.Diagnostics.Metrics;
using CxGrains.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace CxGrains.Client.Tests;

/// <summary>The client against real gRPC servers (Kestrel, HTTP/2 on 127.0.0.1) that de-duplicate by event id.</summary>
public sealed class CxIngestClientTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Events_go_out_in_batches_of_the_maximum_size_and_a_flush_sends_the_rest()
    {
        var behavior = new FakeIngestBehavior();
        await using var server = await FakeIngestServer.StartAsync(behavior);
        var observer = new RecordingObserver();
        await using var client = new CxIngestClient(Options(server) with { MaxBatchSize = 10, Linger = TimeSpan.FromMinutes(1) }, observer);

        foreach (var evt in TestEvents.Many("size", 25, customers: 5))
        {
            await client.SendAsync(evt);
        }

        await client.FlushAsync().WaitAsync(Patience);

        Assert.Equal([10, 10, 5], behavior.Received.Select(b => b.Events.Count).Order().Reverse());
        Assert.Equal(25, behavior.Applied.Count);
        Assert.Equal(25, observer.Acks.Sum(a => a.Ack.Accepted));
    }

    [Fact]
    public async Task A_batch_that_is_not_full_goes_out_after_the_linger_time()
    {
        var behavior = new FakeIngestBehavior();
        await using var server = await FakeIngestServer.StartAsync(behavior);
        var observer = new RecordingObserver();
        await using var client = new CxIngestClient(Options(server) with { MaxBatchSize = 100, Linger = TimeSpan.FromMilliseconds(50) }, observer);

        foreach (var evt in TestEvents.Many("linger", 3, customers: 1))
        {
            await client.SendAsync(evt);
        }

        // No flush: only the linger timer can send the batch.
        await Eventually(() => observer.Acks.Count == 1);
        Assert.Equal(3, Assert.Single(behavior.Received).Events.Count);
    }

    [Fact]
    public async Task Invalid_events_are_reported_with_their_error_and_not_resent()
    {
        var behavior = new FakeIngestBehavior { Reject = e => e.Csat.Score > 5 ? "SCORE_OUT_OF_RANGE" : null };
        await using var server = await FakeIngestServer.StartAsync(behavior);
        var observer = new RecordingObserver();
        await using var client = new CxIngestClient(Options(server), observer);

        await client.SendAsync(TestEvents.Csat("bad-1", "c1", score: 9));
        await client.SendAsync(TestEvents.Csat("good-1", "c1"));
        await client.FlushAsync().WaitAsync(Patience);

        var rejection = Assert.Single(observer.Rejections);
        Assert.Equal("SCORE_OUT_OF_RANGE", rejection.Code);
        Assert.Equal("bad-1", rejection.Event!.EventId);
        Assert.Equal(1, behavior.Arrivals["bad-1"]);
        Assert.Single(behavior.Received);
        Assert.True(behavior.Applied.ContainsKey("good-1"));
    }

    [Fact]
    public async Task Events_rejected_as_unavailable_are_resent_in_new_batches_until_applied()
    {
        // A third of the events find their customer unreachable the first time, as after a silo's death.
        var refusedOnce = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var behavior = new FakeIngestBehavior
        {
            Reject = e => e.EventId.GetHashCode(StringComparison.Ordinal) % 3 == 0 && refusedOnce.TryAdd(e.EventId, true) ? "UNAVAILABLE" : null,
        };
        await using var server = await FakeIngestServer.StartAsync(behavior);
        var observer = new RecordingObserver();
        await using var client = new CxIngestClient(Options(server) with { MaxBatchSize = 50 }, observer);

        foreach (var evt in TestEvents.Many("unavail", 600, customers: 30))
        {
            await client.SendAsync(evt);
        }

        await client.FlushAsync().WaitAsync(Patience);

        Assert.NotEmpty(refusedOnce);
        Assert.Equal(600, behavior.Applied.Count);
        Assert.Empty(observer.Rejections);
        Assert.All(behavior.Received.Where(b => b.BatchId.Contains("-r", StringComparison.Ordinal)), b => Assert.EndsWith("-r1", b.BatchId, StringComparison.Ordinal));
        Assert.Equal(refusedOnce.Count, behavior.Received.Where(b => b.BatchId.EndsWith("-r1", StringComparison.Ordinal)).Sum(b => b.Events.Count));
    }

    [Fact]
    public async Task SendAsync_waits_while_the_window_is_full()
    {
        var behavior = new FakeIngestBehavior { HoldAcks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var server = await FakeIngestServer.StartAsync(behavior);
        await using var client = new CxIngestClient(Options(server) with { MaxBatchSize = 1, MaxInFlightBatches = 2 });
        var events = TestEvents.Many("window", 5, customers: 1).ToList();

        // Two batches in the window and one waiting for it: the fourth has no room.
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(events[i]).AsTask().WaitAsync(Patience);
        }

        var fourth = client.SendAsync(events[3]).AsTask();
        await Task.Delay(300);
        Assert.False(fourth.IsCompleted);
        Assert.True(behavior.Received.Count <= 2, $"{behavior.Received.Count} batches in flight");

        behavior.HoldAcks.SetResult();
        await fourth.WaitAsync(Patience);
        await client.SendAsync(events[4]);
        await client.FlushAsync().WaitAsync(Patience);
        Assert.Equal(5, behavior.Applied.Count);
    }

    [Fact]
    public async Task A_killed_endpoint_sends_the_stream_to_the_next_one_and_every_event_counts_once()
    {
        // The first server holds its acks, so that its streams have unacked batches when it dies.
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var behavior = new FakeIngestBehavior { HoldAcks = hold };
        var firstReceipts = new ServerReceipts();
        var first = await FakeIngestServer.StartAsync(behavior, firstReceipts);
        await using var second = await FakeIngestServer.StartAsync(behavior);
        var observer = new RecordingObserver();
        await using var client = new CxIngestClient(
            Options(first) with { Endpoints = [first.Url, second.Url], Streams = 2, MaxBatchSize = 20, MaxInFlightBatches = 4 },
            observer);
        var events = TestEvents.Many("failover", 4_000, customers: 100).ToList();

        // Send until the first server holds a batch: with acks held, the second's stream fills its window
        // (4 batches) and the rest must go to the first. Both windows may fill before the first server has
        // read its batch (a slow connection), and then a send waits for an ack that only comes after the
        // kill: so the loop watches the receipts while a send waits, instead of waiting on the send.
        var sent = 0;
        var sending = Task.CompletedTask;
        var deadline = DateTime.UtcNow + Patience;
        while (firstReceipts.Batches == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the first server never received a batch");
            if (sending.IsCompleted && sent < 400)
            {
                await sending;
                sending = client.SendAsync(events[sent++]).AsTask();
            }
            else
            {
                await Task.WhenAny(sending, Task.Delay(10));
            }
        }

        behavior.HoldAcks = null;
        await first.KillAsync();
        hold.SetResult();
        await sending.WaitAsync(Patience);
        for (var i = sent; i < events.Count; i++)
        {
            await client.SendAsync(events[i]).AsTask().WaitAsync(Patience);
        }

        await client.FlushAsync().WaitAsync(Patience);
        await first.DisposeAsync();

        Assert.True(observer.Reconnects >= 1, "a stream that lost unacked batches reports its reconnect");
        Assert.Equal(4_000, behavior.Applied.Count);
        Assert.Equal(4_000, observer.Acks.Sum(a => a.Ack.Accepted + a.Ack.Duplicates));
        Assert.Empty(observer.Abandoned);
    }

    [Fact]
    public async Task A_wrong_api_key_faults_the_client_with_the_refusal()
    {
        await using var server = await FakeIngestServer.StartAsync(new FakeIngestBehavior());
        var observer = new RecordingObserver();
        await using var client = new CxIngestClient(Options(server) with { ApiKey = "wrong-key" }, observer);

        await client.SendAsync(TestEvents.Csat("refused-1", "c1"));
        var error = await Assert.ThrowsAsync<CxIngestException>(() => client.FlushAsync().WaitAsync(Patience));

        Assert.True(error.Refused);
        Assert.Equal(server.Url, error.Endpoint);
        Assert.Contains("Unauthenticated", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, observer.Reconnects);
        Assert.Single(observer.Abandoned);
        await Assert.ThrowsAsync<CxIngestException>(() => client.SendAsync(TestEvents.Csat("refused-2", "c1")).AsTask());
    }

    [Fact]
    public async Task Its_meter_counts_events_sent_acknowledged_and_rejected_by_code()
    {
        var behavior = new FakeIngestBehavior { Reject = e => e.Csat.Score > 5 ? "SCORE_OUT_OF_RANGE" : null };
        await using var server = await FakeIngestServer.StartAsync(behavior);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var totals = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Meter.Name == "CxGrains.Client")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name + string.Concat(tags.ToArray().Select(t => $"|{t.Key}={t.Value}"));
            totals.AddOrUpdate(key, value, (_, n) => n + value);
        });
        listener.Start();

        await using (var client = new CxIngestClient(Options(server) with { MeterFactory = meters, MaxBatchSize = 10 }))
        {
            foreach (var evt in TestEvents.Many("metrics", 30, customers: 3))
            {
                await client.SendAsync(evt);
            }

            await client.SendAsync(TestEvents.Csat("metrics-bad", "c1", score: 9));
            await client.FlushAsync().WaitAsync(Patience);
        }

        Assert.Equal(31, totals.GetValueOrDefault("cx.client.events.sent"));
        Assert.Equal(30, totals.GetValueOrDefault("cx.client.events.acknowledged|outcome=accepted"));
        Assert.Equal(1, totals.GetValueOrDefault("cx.client.events.rejected|code=SCORE_OUT_OF_RANGE"));
        Assert.Equal(0, totals.GetValueOrDefault("cx.client.batches.in_flight"));
    }

    private static CxIngestClientOptions Options(LoopbackGrpcServer server) => new()
    {
        Endpoints = [server.Url],
        ApiKey = FakeIngestBehavior.Key,
        ReconnectDelay = TimeSpan.FromMilliseconds(10),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(100),
    };

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(10);
        }
    }
}
