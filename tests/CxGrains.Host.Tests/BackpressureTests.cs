using CxGrains.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Xunit.Abstractions;

namespace CxGrains.Host.Tests;

/// <summary>
/// A sender that never reads its acks is held back by flow control: the server applies at most
/// Cx:Ingest:MaxInFlightBatchesPerStream batches of the stream, stops reading, and the sender's
/// writes block instead of piling up in memory.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class BackpressureTests(HostFixture host, ITestOutputHelper output)
{
    private const int Batches = 200;
    private const int EventsPerBatch = 500;
    private const int ValidPerBatch = 5;
    private const long MemoryHeadroomBytes = 512L * 1024 * 1024;

    [Fact]
    public async Task Writer_blocks_while_acks_are_unread_and_every_batch_completes_once_they_are_read()
    {
        var touchpoint = TestEvents.UniqueId("tp-backpressure");
        var customers = Enumerable.Range(0, 20).Select(i => TestEvents.UniqueId($"c-bp{i}")).ToList();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peakMemory = baseline;
        host.InFlight.ResetMaximum();
        using var channel = host.NewChannel();
        var ingest = new IngestService.IngestServiceClient(channel);
        using var call = ingest.Stream(HostFixture.Key(host.IngestKey));

        var written = 0;
        var writer = Task.Run(async () =>
        {
            for (var b = 0; b < Batches; b++)
            {
                await call.RequestStream.WriteAsync(Batch(b, touchpoint, customers));
                Interlocked.Increment(ref written);
            }

            await call.RequestStream.CompleteAsync();
        });

        // Blocked: no progress for a full second while the writer still has batches left.
        var lastSeen = -1;
        var stableSince = DateTime.UtcNow;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await Task.Delay(100);
            peakMemory = Math.Max(peakMemory, GC.GetTotalMemory(forceFullCollection: false));
            Assert.False(writer.IsCompleted, $"The writer finished all {Batches} batches without reading an ack: nothing pushed back. {writer.Exception}");
            var now = Volatile.Read(ref written);
            if (now != lastSeen)
            {
                (lastSeen, stableSince) = (now, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - stableSince > TimeSpan.FromSeconds(1))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "The writer never settled.");
        }

        output.WriteLine($"Writer blocked after {lastSeen} of {Batches} batches; {host.InFlight.Current} in flight.");
        Assert.InRange(lastSeen, HostFixture.MaxInFlightBatches, Batches / 4);
        Assert.InRange(host.InFlight.Maximum, 1, HostFixture.MaxInFlightBatches);
        Assert.Equal(HostFixture.MaxInFlightBatches, host.InFlight.Current);
        peakMemory = Math.Max(peakMemory, GC.GetTotalMemory(forceFullCollection: true));

        var acks = new List<BatchAck>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            acks.Add(call.ResponseStream.Current);
            if (acks.Count % 20 == 0)
            {
                peakMemory = Math.Max(peakMemory, GC.GetTotalMemory(forceFullCollection: false));
            }
        }

        await writer;
        Assert.Equal(Batches, Volatile.Read(ref written));
        Assert.Equal(Enumerable.Range(0, Batches).Select(BatchId), acks.Select(a => a.BatchId).Order(StringComparer.Ordinal));
        Assert.All(acks, a => Assert.Equal((ValidPerBatch, 0, EventsPerBatch - ValidPerBatch), (a.Accepted, a.Duplicates, a.Rejected.Count)));
        Assert.InRange(host.InFlight.Maximum, 1, HostFixture.MaxInFlightBatches);
        output.WriteLine($"Managed memory: baseline {baseline / (1024 * 1024)} MiB, peak {peakMemory / (1024 * 1024)} MiB.");
        Assert.True(peakMemory - baseline < MemoryHeadroomBytes, $"Managed memory grew by {(peakMemory - baseline) / (1024 * 1024)} MiB.");
        foreach (var customer in customers)
        {
            Assert.Equal(Batches * ValidPerBatch / customers.Count, await host.AppliedEventsAsync(customer));
        }
    }

    private static string BatchId(int index) => $"bp-{index:D4}";

    // A few valid events, and many invalid ones with the longest allowed ids: each ack then
    // lists hundreds of rejections, so unread acks fill the client's receive window quickly.
    private static EventBatch Batch(int index, string touchpoint, List<string> customers)
    {
        var batch = new EventBatch { BatchId = BatchId(index) };
        var at = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-5));
        for (var i = 0; i < EventsPerBatch; i++)
        {
            var e = new InteractionEvent
            {
                CustomerId = customers[(index * ValidPerBatch + i) % customers.Count],
                TouchpointId = touchpoint,
                Channel = Channel.Web,
                JourneyStage = JourneyStage.Purchase,
                OccurredAt = at,
            };
            if (i < ValidPerBatch)
            {
                e.EventId = $"ok-{index}-{i}";
                e.Ces = new CesResponse { Score = 6 };
            }
            else
            {
                e.EventId = $"{index}-{i}-".PadRight(128, 'x');
                e.Ces = new CesResponse { Score = 9 };
            }

            batch.Events.Add(e);
        }

        return batch;
    }
}
