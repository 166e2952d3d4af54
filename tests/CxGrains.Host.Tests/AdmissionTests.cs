using CxGrains.Contracts.V1;
using CxGrains.Host.Ingest;
using CxGrains.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CxGrains.Host.Tests;

/// <summary>
/// Cx:Ingest:MaxInFlightEvents bounds the events the silo applies at once over every stream: more
/// streams than fit wait for room (and say so in their acks) instead of piling work on the silo,
/// and every event still lands once.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class AdmissionTests(HostFixture host, ITestOutputHelper output)
{
    private const int Streams = 3;
    private const int BatchesPerStream = 12;
    private const int EventsPerBatch = 400;

    [Fact]
    public async Task Streams_beyond_the_silo_limit_wait_for_room_and_every_event_lands_once()
    {
        var touchpoint = TestEvents.UniqueId("tp-admission");
        var idle = await host.Ingest.SubmitAsync(TestEvents.Batch([TestEvents.Valid(TestEvents.UniqueId("c-idle"), touchpoint)]), HostFixture.Key(host.IngestKey));
        Assert.Equal((1, 0), (idle.Accepted, idle.AdmissionWaitMs));

        host.EventsInFlight.ResetMaximum();
        var customers = Enumerable.Range(0, Streams)
            .Select(s => Enumerable.Range(0, EventsPerBatch).Select(i => TestEvents.UniqueId($"c-adm{s}-{i}")).ToArray())
            .ToArray();

        // Fill the silo so that no batch fits, as a slow silo would, until every stream waits with one.
        var admission = host.Services.GetRequiredService<IngestAdmission>();
        var full = await admission.EnterAsync(HostFixture.MaxInFlightEvents - EventsPerBatch + 1, CancellationToken.None);
        var streams = Task.WhenAll(Enumerable.Range(0, Streams).Select(s => StreamAsync(s, customers[s], touchpoint)));
        await Eventually.TrueAsync(() => Task.FromResult(admission.QueuedEvents >= Streams * EventsPerBatch), "every stream waits for room");
        full.Dispose();
        var acks = await streams;

        var all = acks.SelectMany(a => a).ToList();
        Assert.Equal(Streams * BatchesPerStream, all.Count);
        Assert.All(all, a => Assert.Equal((EventsPerBatch, 0, 0), (a.Accepted, a.Duplicates, a.Rejected.Count)));
        var waited = all.Where(a => a.AdmissionWaitMs > 0).ToList();
        output.WriteLine($"{waited.Count} of {all.Count} batches waited for room, longest {all.Max(a => a.AdmissionWaitMs)} ms; " +
            $"most events in flight {host.EventsInFlight.Maximum} (limit {HostFixture.MaxInFlightEvents}).");
        Assert.InRange(host.EventsInFlight.Maximum, EventsPerBatch, HostFixture.MaxInFlightEvents);
        Assert.NotEmpty(waited);

        foreach (var customer in customers.SelectMany(c => c.Take(5)))
        {
            Assert.Equal(BatchesPerStream, await host.AppliedEventsAsync(customer));
        }
    }

    private async Task<List<BatchAck>> StreamAsync(int stream, string[] customers, string touchpoint)
    {
        using var channel = host.NewChannel();
        var ingest = new IngestService.IngestServiceClient(channel);
        using var call = ingest.Stream(HostFixture.Key(host.IngestKey));
        var acks = new List<BatchAck>();
        var reader = Task.Run(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                acks.Add(call.ResponseStream.Current);
            }
        });

        for (var b = 0; b < BatchesPerStream; b++)
        {
            var events = customers.Select(c => TestEvents.Valid(c, touchpoint, $"adm-{stream}-{b}-{c}"));
            await call.RequestStream.WriteAsync(TestEvents.Batch(events, $"adm-{stream}-{b}"));
        }

        await call.RequestStream.CompleteAsync();
        await reader;
        return acks;
    }
}
