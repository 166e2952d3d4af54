using CxGrains.Contracts.V1;
using CxGrains.TestSupport;

namespace CxGrains.Host.Tests;

/// <summary>
/// DESIGN.md §3: clients resend unacked events and a resend never counts twice, even when the
/// first stream dropped with batches in flight.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ResendTests(HostFixture host)
{
    private const int Batches = 10;
    private const int EventsPerBatch = 30;
    private const int Customers = 15;

    [Fact]
    public async Task Resending_every_batch_after_a_dropped_stream_counts_each_event_once()
    {
        var touchpoint = TestEvents.UniqueId("tp-resend");
        var customers = Enumerable.Range(0, Customers).Select(i => TestEvents.UniqueId($"c-resend{i}")).ToList();
        var batches = Enumerable.Range(0, Batches)
            .Select(b => TestEvents.Batch(Enumerable.Range(0, EventsPerBatch)
                .Select(i => TestEvents.Valid(customers[((b * EventsPerBatch) + i) % Customers], touchpoint))))
            .ToList();
        const int total = Batches * EventsPerBatch;
        using var channel = host.NewChannel();
        var ingest = new IngestService.IngestServiceClient(channel);

        // First stream: everything written, three acks read, then the connection "drops".
        var ackedBeforeDrop = 0;
        using (var drop = new CancellationTokenSource())
        using (var call = ingest.Stream(HostFixture.Key(host.IngestKey), cancellationToken: drop.Token))
        {
            foreach (var batch in batches)
            {
                await call.RequestStream.WriteAsync(batch);
            }

            for (var i = 0; i < 3; i++)
            {
                Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
                ackedBeforeDrop += call.ResponseStream.Current.Accepted;
            }

            await drop.CancelAsync();
        }

        // A call on the same connection goes out after the reset of the dropped stream, so once it
        // returns the server has stopped reading that stream; then wait for its batches in flight.
        await new QueryService.QueryServiceClient(channel).ListAlertsAsync(new ListAlertsRequest(), HostFixture.Key(host.ReaderKey));
        await Eventually.TrueAsync(() => Task.FromResult(host.InFlight.Current == 0), "dropped stream's batches finished");
        var appliedBeforeResend = 0;
        foreach (var customer in customers)
        {
            appliedBeforeResend += await host.AppliedEventsAsync(customer);
        }

        Assert.InRange(appliedBeforeResend, ackedBeforeDrop, total);

        // Second stream: the client cannot know what was applied, so it resends everything.
        var acks = new List<BatchAck>();
        using (var call = ingest.Stream(HostFixture.Key(host.IngestKey)))
        {
            foreach (var batch in batches)
            {
                await call.RequestStream.WriteAsync(batch);
            }

            await call.RequestStream.CompleteAsync();
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                acks.Add(call.ResponseStream.Current);
            }
        }

        Assert.Equal(batches.Select(b => b.BatchId).Order(), acks.Select(a => a.BatchId).Order());
        Assert.All(acks, a => Assert.Empty(a.Rejected));
        Assert.All(acks, a => Assert.Equal(EventsPerBatch, a.Accepted + a.Duplicates));
        Assert.Equal(appliedBeforeResend, acks.Sum(a => a.Duplicates));
        Assert.Equal(total - appliedBeforeResend, acks.Sum(a => a.Accepted));

        foreach (var customer in customers)
        {
            var view = await host.FindCustomerAsync(customer);
            Assert.NotNull(view);
            var sent = batches.SelectMany(b => b.Events).Where(e => e.CustomerId == customer).Select(e => e.EventId).Order();
            Assert.Equal(sent, view.Recent.Select(r => r.EventId).Order());
        }

        var tp = await Eventually.ValueAsync(() => host.FindTouchpointAsync(touchpoint), v => v?.Metrics.Events >= total, "touchpoint counts every event");
        Assert.Equal(total, tp!.Metrics.Events);
        Assert.Equal(total, tp.Metrics.Csat.Responses);
    }
}
