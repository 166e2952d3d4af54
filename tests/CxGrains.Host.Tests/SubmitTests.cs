using System.Net;
using CxGrains.Contracts.V1;
using Google.Protobuf;

namespace CxGrains.Host.Tests;

/// <summary>Unary Submit (gRPC and JSON) answers a batch exactly as the stream does.</summary>
[Collection(HostCollection.Name)]
public sealed class SubmitTests(HostFixture host)
{
    [Fact]
    public async Task Submit_and_stream_answer_the_same_batch_alike()
    {
        var viaSubmit = MixedBatch();
        var viaStream = MixedBatch();

        var submitAck = await host.Ingest.SubmitAsync(viaSubmit, HostFixture.Key(host.IngestKey));
        BatchAck streamAck;
        using (var call = host.Ingest.Stream(HostFixture.Key(host.IngestKey)))
        {
            await call.RequestStream.WriteAsync(viaStream);
            await call.RequestStream.CompleteAsync();
            var acks = await ReadAllAsync(call.ResponseStream);
            streamAck = Assert.Single(acks);
        }

        Assert.Equal(viaSubmit.BatchId, submitAck.BatchId);
        Assert.Equal(viaStream.BatchId, streamAck.BatchId);
        foreach (var (batch, ack) in new[] { (viaSubmit, submitAck), (viaStream, streamAck) })
        {
            Assert.Equal(3, ack.Accepted);
            Assert.Equal(0, ack.Duplicates);
            Assert.Equal([1, 3], ack.Rejected.Select(r => r.Index));
            Assert.Equal([batch.Events[1].EventId, batch.Events[3].EventId], ack.Rejected.Select(r => r.EventId));
            Assert.Equal(["SCORE_OUT_OF_RANGE", "INVALID_ENUM"], ack.Rejected.Select(r => r.Code));
            foreach (var index in new[] { 0, 2, 4 })
            {
                var e = batch.Events[index];
                var view = await host.FindCustomerAsync(e.CustomerId);
                Assert.NotNull(view);
                Assert.Equal(e.EventId, Assert.Single(view.Recent).EventId);
            }
        }

        // Identical apart from the ids that differ by construction.
        streamAck.BatchId = submitAck.BatchId;
        for (var i = 0; i < streamAck.Rejected.Count; i++)
        {
            streamAck.Rejected[i].EventId = submitAck.Rejected[i].EventId;
        }

        Assert.Equal(submitAck, streamAck);
    }

    [Fact]
    public async Task Each_customer_shows_the_reason_codes_of_its_last_answer_as_sent()
    {
        // Answers with equal codes share one list at the front end: each customer still shows its own answer's.
        var touchpoint = TestEvents.UniqueId("tp-reasons");
        var (first, second, third) = (TestEvents.UniqueId("c-reasons"), TestEvents.UniqueId("c-reasons"), TestEvents.UniqueId("c-reasons"));
        InteractionEvent Answer(string customer, DateTimeOffset at, params string[] codes) => TestEvents.With(customer, touchpoint, at, null, e =>
        {
            e.Nps = new NpsResponse { Score = 3 };
            e.Nps.ReasonCodes.AddRange(codes);
        });

        var earlier = DateTimeOffset.UtcNow.AddMinutes(-2);
        var later = DateTimeOffset.UtcNow.AddMinutes(-1);
        var batch = TestEvents.Batch([
            Answer(first, earlier, "price", "wait_time"),
            Answer(second, earlier, "price", "wait_time"),
            Answer(third, earlier, "price", "wait_time"),
            Answer(second, later, "wait_time", "price"),
            Answer(third, later),
        ]);

        var ack = await host.Ingest.SubmitAsync(batch, HostFixture.Key(host.IngestKey));

        Assert.Equal(5, ack.Accepted);
        Assert.Equal(["price", "wait_time"], (await host.FindCustomerAsync(first))!.LastNps.ReasonCodes);
        Assert.Equal(["wait_time", "price"], (await host.FindCustomerAsync(second))!.LastNps.ReasonCodes);
        Assert.Empty((await host.FindCustomerAsync(third))!.LastNps.ReasonCodes);
    }

    [Fact]
    public async Task Submit_twice_counts_the_events_once()
    {
        var batch = MixedBatch();

        var first = await host.Ingest.SubmitAsync(batch, HostFixture.Key(host.IngestKey));
        var second = await host.Ingest.SubmitAsync(batch, HostFixture.Key(host.IngestKey));

        Assert.Equal((3, 0), (first.Accepted, first.Duplicates));
        Assert.Equal((0, 3), (second.Accepted, second.Duplicates));
        Assert.Equal(2, second.Rejected.Count);
        Assert.Equal(batch.BatchId, second.BatchId);
        Assert.Equal(1, await host.AppliedEventsAsync(batch.Events[0].CustomerId));
    }

    [Fact]
    public async Task Stream_acks_every_batch_once_with_its_batch_id()
    {
        var touchpoint = TestEvents.UniqueId("tp-stream");
        var batches = Enumerable.Range(0, 12)
            .Select(i => TestEvents.Batch(Enumerable.Range(0, 5).Select(_ => TestEvents.Valid(TestEvents.UniqueId("c-stream"), touchpoint))))
            .ToList();

        using var call = host.Ingest.Stream(HostFixture.Key(host.IngestKey));
        var reading = ReadAllAsync(call.ResponseStream);
        foreach (var batch in batches)
        {
            await call.RequestStream.WriteAsync(batch);
        }

        await call.RequestStream.CompleteAsync();
        var acks = await reading;

        // Acks may overtake each other; each batch id must appear exactly once.
        Assert.Equal(batches.Select(b => b.BatchId).Order(), acks.Select(a => a.BatchId).Order());
        Assert.All(acks, a => Assert.Equal((5, 0, 0), (a.Accepted, a.Duplicates, a.Rejected.Count)));
    }

    [Fact]
    public async Task Json_submit_answers_with_the_same_ack()
    {
        var batch = MixedBatch();
        using var request = HostFixture.Request(HttpMethod.Post, "/v1/events:batch", host.IngestKey, batch);

        using var response = await host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"batchId\"", body, StringComparison.Ordinal);
        var ack = JsonParser.Default.Parse<BatchAck>(body);
        Assert.Equal(batch.BatchId, ack.BatchId);
        Assert.Equal(3, ack.Accepted);
        Assert.Equal([1, 3], ack.Rejected.Select(r => r.Index));
        Assert.Equal(["SCORE_OUT_OF_RANGE", "INVALID_ENUM"], ack.Rejected.Select(r => r.Code));
        Assert.Equal(1, await host.AppliedEventsAsync(batch.Events[4].CustomerId));
    }

    [Fact]
    public async Task Json_submit_with_an_unknown_enum_name_is_a_bad_request()
    {
        var e = TestEvents.Valid(TestEvents.UniqueId("c-json-enum"), TestEvents.UniqueId("tp-json-enum"));
        var json = JsonFormatter.Default.Format(TestEvents.Batch([e])).Replace("\"PHONE\"", "\"TELEPATHY\"", StringComparison.Ordinal);
        using var request = HostFixture.Request(HttpMethod.Post, "/v1/events:batch", host.IngestKey);
        request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await host.FindCustomerAsync(e.CustomerId));
    }

    // Five events of five customers: valid, NPS 11, valid, channel 99, valid.
    private static EventBatch MixedBatch()
    {
        var touchpoint = TestEvents.UniqueId("tp-submit");
        var events = Enumerable.Range(0, 5).Select(i => TestEvents.Valid(TestEvents.UniqueId($"c-submit{i}"), touchpoint)).ToList();
        events[1].Nps = new NpsResponse { Score = 11 };
        events[3].Channel = (Channel)99;
        return TestEvents.Batch(events);
    }

    private static async Task<List<BatchAck>> ReadAllAsync(Grpc.Core.IAsyncStreamReader<BatchAck> reader)
    {
        var acks = new List<BatchAck>();
        while (await reader.MoveNext(CancellationToken.None))
        {
            acks.Add(reader.Current);
        }

        return acks;
    }
}
