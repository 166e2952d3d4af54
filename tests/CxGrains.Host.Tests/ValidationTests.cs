using CxGrains.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CxGrains.Host.Tests;

/// <summary>
/// DESIGN.md §4: an invalid event is rejected with its index, id and reason code while the valid
/// events of the same batch are applied; oversized batches and messages are refused whole.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ValidationTests(HostFixture host)
{
    private static readonly string TooLong = new('x', 129);

    // Each case breaks exactly one thing of an otherwise valid event. CheckCustomer is false when
    // the broken event has no usable customer id to look up.
    private static readonly Dictionary<string, (Action<InteractionEvent> Break, string Code, bool CheckCustomer)> Cases = new()
    {
        ["event_id missing"] = (e => e.EventId = "", "MISSING_FIELD", true),
        ["customer_id missing"] = (e => e.CustomerId = "", "MISSING_FIELD", false),
        ["touchpoint_id missing"] = (e => e.TouchpointId = "", "MISSING_FIELD", true),
        ["event_id 129 chars"] = (e => e.EventId = TooLong, "ID_TOO_LONG", true),
        ["customer_id 129 chars"] = (e => e.CustomerId = TooLong, "ID_TOO_LONG", false),
        ["touchpoint_id 129 chars"] = (e => e.TouchpointId = TooLong, "ID_TOO_LONG", true),
        ["channel unspecified"] = (e => e.Channel = Channel.Unspecified, "INVALID_ENUM", true),
        ["channel 99"] = (e => e.Channel = (Channel)99, "INVALID_ENUM", true),
        ["journey_stage unspecified"] = (e => e.JourneyStage = JourneyStage.Unspecified, "INVALID_ENUM", true),
        ["journey_stage 42"] = (e => e.JourneyStage = (JourneyStage)42, "INVALID_ENUM", true),
        ["nps 11"] = (e => e.Nps = new NpsResponse { Score = 11 }, "SCORE_OUT_OF_RANGE", true),
        ["nps -1"] = (e => e.Nps = new NpsResponse { Score = -1 }, "SCORE_OUT_OF_RANGE", true),
        ["csat 0"] = (e => e.Csat = new CsatResponse { Score = 0 }, "SCORE_OUT_OF_RANGE", true),
        ["csat 6"] = (e => e.Csat = new CsatResponse { Score = 6 }, "SCORE_OUT_OF_RANGE", true),
        ["ces 0"] = (e => e.Ces = new CesResponse { Score = 0 }, "SCORE_OUT_OF_RANGE", true),
        ["ces 8"] = (e => e.Ces = new CesResponse { Score = 8 }, "SCORE_OUT_OF_RANGE", true),
        ["complaint severity 0"] = (e => e.Complaint = new Complaint { Category = "billing", Severity = 0 }, "SCORE_OUT_OF_RANGE", true),
        ["complaint severity 4"] = (e => e.Complaint = new Complaint { Category = "billing", Severity = 4 }, "SCORE_OUT_OF_RANGE", true),
        ["sentiment 1.5"] = (e => e.Contact = new Contact { WaitSeconds = 10, HandleSeconds = 60, Sentiment = 1.5 }, "VALUE_OUT_OF_RANGE", true),
        ["sentiment -1.5"] = (e => e.Contact = new Contact { WaitSeconds = 10, HandleSeconds = 60, Sentiment = -1.5 }, "VALUE_OUT_OF_RANGE", true),
        ["wait negative"] = (e => e.Contact = new Contact { WaitSeconds = -1, HandleSeconds = 60 }, "NEGATIVE_DURATION", true),
        ["handle negative"] = (e => e.Contact = new Contact { WaitSeconds = 10, HandleSeconds = -0.5 }, "NEGATIVE_DURATION", true),
        ["no payload"] = (e => e.ClearPayload(), "MISSING_PAYLOAD", true),
        ["17 attributes"] = (e => e.Attributes.Add(Enumerable.Range(0, 17).ToDictionary(i => $"k{i}", i => "v")), "TOO_MANY_ATTRIBUTES", true),
        ["attribute key 65 chars"] = (e => e.Attributes.Add(new string('k', 65), "v"), "INVALID_ATTRIBUTE", true),
        ["attribute value 129 chars"] = (e => e.Attributes.Add("region", new string('v', 129)), "INVALID_ATTRIBUTE", true),
        ["event_id with a NUL"] = (e => e.EventId = "e\u0000", "INVALID_ID", true),
        ["customer_id with a newline"] = (e => e.CustomerId = "c\n1", "INVALID_ID", false),
        ["touchpoint_id with DEL"] = (e => e.TouchpointId = "tp\u007F", "INVALID_ID", true),
        ["event_id with a C1 control (NEL)"] = (e => e.EventId = "e\u0085", "INVALID_ID", true),
        ["event_id with the last C1 control"] = (e => e.EventId = "e\u009F", "INVALID_ID", true),
        ["attribute key with a tab"] = (e => e.Attributes.Add("reg\tion", "eu"), "INVALID_ATTRIBUTE", true),
        ["attribute value with a unit separator"] = (e => e.Attributes.Add("region", "e\u001Fu"), "INVALID_ATTRIBUTE", true),
        ["occurred_at missing"] = (e => e.OccurredAt = null, "MISSING_FIELD", true),
        ["occurred_at 10 minutes ahead"] = (e => e.OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(10)), "TIMESTAMP_IN_FUTURE", true),
        ["occurred_at 40 days old"] = (e => e.OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-40)), "TIMESTAMP_TOO_OLD", true),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Invalid_event_is_rejected_and_its_neighbours_are_applied(string caseName)
    {
        var (breakEvent, code, checkCustomer) = Cases[caseName];
        var touchpoint = TestEvents.UniqueId("tp-validation");
        var before = TestEvents.Valid(TestEvents.UniqueId("c-before"), touchpoint);
        var invalid = TestEvents.Valid(TestEvents.UniqueId("c-invalid"), touchpoint);
        var after = TestEvents.Valid(TestEvents.UniqueId("c-after"), touchpoint);
        breakEvent(invalid);
        var batch = TestEvents.Batch([before, invalid, after]);

        var ack = await host.Ingest.SubmitAsync(batch, HostFixture.Key(host.IngestKey));

        Assert.Equal(batch.BatchId, ack.BatchId);
        Assert.Equal(2, ack.Accepted);
        Assert.Equal(0, ack.Duplicates);
        var rejected = Assert.Single(ack.Rejected);
        Assert.Equal(1, rejected.Index);
        Assert.Equal(invalid.EventId, rejected.EventId);
        Assert.Equal(code, rejected.Code);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Message));

        foreach (var applied in new[] { before, after })
        {
            var view = await host.FindCustomerAsync(applied.CustomerId);
            Assert.NotNull(view);
            Assert.Equal([applied.EventId], view.Recent.Select(r => r.EventId));
        }

        if (checkCustomer)
        {
            Assert.Null(await host.FindCustomerAsync(invalid.CustomerId));
        }
    }

    [Fact]
    public async Task Values_on_the_edge_of_every_range_are_accepted()
    {
        var touchpoint = TestEvents.UniqueId("tp-edges");
        var now = DateTimeOffset.UtcNow;
        var edges = new List<Action<InteractionEvent>>
        {
            e => e.EventId = new string('e', 127) + "1",
            e => e.CustomerId = TestEvents.UniqueId("c").PadRight(128, 'c'),
            e => e.TouchpointId = touchpoint.PadRight(128, 't'),
            e => e.Nps = new NpsResponse { Score = 0 },
            e => e.Nps = new NpsResponse { Score = 10 },
            e => e.Csat = new CsatResponse { Score = 1 },
            e => e.Csat = new CsatResponse { Score = 5 },
            e => e.Ces = new CesResponse { Score = 1 },
            e => e.Ces = new CesResponse { Score = 7 },
            e => e.Complaint = new Complaint { Severity = 1 },
            e => e.Complaint = new Complaint { Severity = 3 },
            e => e.Contact = new Contact { Sentiment = -1 },
            e => e.Contact = new Contact { Sentiment = 1, Abandoned = true },
            e => e.Attributes.Add(Enumerable.Range(0, 16).ToDictionary(i => $"k{i}", i => "v")),
            e => e.Attributes.Add(new string('k', 64), new string('v', 128)),
            e => e.OccurredAt = Timestamp.FromDateTimeOffset(now.AddMinutes(4)),
            e => e.OccurredAt = Timestamp.FromDateTimeOffset(now.AddDays(-29)),
            e => e.Channel = Channel.Field,
            e => e.JourneyStage = JourneyStage.PrePurchase,

            // Just outside the control ranges (U+0020, U+007E, U+00A0) and beyond ASCII.
            e => e.EventId = "e \u007E\u00A0é" + Guid.NewGuid().ToString("N"),
            e => e.Attributes.Add("région", "Zürich\u00A0Nord"),
        };
        var events = edges.Select(edge =>
        {
            var e = TestEvents.Valid(TestEvents.UniqueId("c-edge"), touchpoint);
            edge(e);
            return e;
        }).ToList();

        var ack = await host.Ingest.SubmitAsync(TestEvents.Batch(events), HostFixture.Key(host.IngestKey));

        Assert.Empty(ack.Rejected);
        Assert.Equal(events.Count, ack.Accepted);
        foreach (var e in events)
        {
            var view = await host.FindCustomerAsync(e.CustomerId);
            Assert.NotNull(view);
            Assert.Equal(e.EventId, Assert.Single(view.Recent).EventId);
        }
    }

    [Fact]
    public async Task Batch_over_the_event_limit_is_refused_whole()
    {
        var touchpoint = TestEvents.UniqueId("tp-large");
        var customers = Enumerable.Range(0, 10).Select(i => TestEvents.UniqueId($"c-large{i}")).ToList();
        var batch = TestEvents.Batch(Enumerable.Range(0, 1001).Select(i => TestEvents.Valid(customers[i % customers.Count], touchpoint)));

        var ack = await host.Ingest.SubmitAsync(batch, HostFixture.Key(host.IngestKey));

        Assert.Equal(batch.BatchId, ack.BatchId);
        Assert.Equal(0, ack.Accepted);
        Assert.Equal(0, ack.Duplicates);
        Assert.Equal(Enumerable.Range(0, 1001), ack.Rejected.Select(r => r.Index));
        Assert.Equal(batch.Events.Select(e => e.EventId), ack.Rejected.Select(r => r.EventId));
        Assert.All(ack.Rejected, r => Assert.Equal("BATCH_TOO_LARGE", r.Code));
        foreach (var customer in customers)
        {
            Assert.Null(await host.FindCustomerAsync(customer));
        }

        Assert.Null(await host.FindTouchpointAsync(touchpoint));
    }

    [Fact]
    public async Task Batch_at_the_event_limit_is_applied()
    {
        var touchpoint = TestEvents.UniqueId("tp-limit");
        var customers = Enumerable.Range(0, 10).Select(i => TestEvents.UniqueId($"c-limit{i}")).ToList();
        var batch = TestEvents.Batch(Enumerable.Range(0, 1000).Select(i => TestEvents.Valid(customers[i % customers.Count], touchpoint)));

        var ack = await host.Ingest.SubmitAsync(batch, HostFixture.Key(host.IngestKey));

        Assert.Empty(ack.Rejected);
        Assert.Equal(1000, ack.Accepted);
        foreach (var customer in customers)
        {
            Assert.Equal(100, await host.AppliedEventsAsync(customer));
        }
    }

    [Fact]
    public async Task Message_over_the_size_limit_is_refused_with_resource_exhausted()
    {
        var (batch, customers) = OversizedBatch();

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Ingest.SubmitAsync(batch, HostFixture.Key(host.IngestKey)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        foreach (var customer in customers)
        {
            Assert.Null(await host.FindCustomerAsync(customer));
        }
    }

    [Fact]
    public async Task Message_over_the_size_limit_ends_a_stream_with_resource_exhausted()
    {
        var (batch, customers) = OversizedBatch();
        var call = host.Ingest.Stream(HostFixture.Key(host.IngestKey));

        // Read the status while writing, as a sender must: the server ends the call without reading the
        // body, and a write into an HTTP/2 stream the server has finished can stay blocked on flow
        // control until the call is disposed (seen once in a few hundred runs: the test hung there).
        var status = Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        var write = WriteAndCompleteAsync(call.RequestStream, batch);
        var ex = await status.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);

        // Disposing the call ends a write still waiting for room.
        call.Dispose();
        await write.WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var customer in customers)
        {
            Assert.Null(await host.FindCustomerAsync(customer));
        }
    }

    private static async Task WriteAndCompleteAsync(IClientStreamWriter<EventBatch> writer, EventBatch batch)
    {
        try
        {
            await writer.WriteAsync(batch);
            await writer.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException or IOException or InvalidOperationException)
        {
            // The server failed the call first, or the test disposed it: the status above says why.
        }
    }

    // Every event is valid on its own (comments up to 4000 characters are allowed): only the
    // message size is wrong.
    private static (EventBatch Batch, List<string> Customers) OversizedBatch()
    {
        var touchpoint = TestEvents.UniqueId("tp-oversize");
        var customers = Enumerable.Range(0, 5).Select(i => TestEvents.UniqueId($"c-oversize{i}")).ToList();
        var comment = new string('c', 3900);
        var batch = TestEvents.Batch(Enumerable.Range(0, 300).Select(i =>
        {
            var e = TestEvents.Valid(customers[i % customers.Count], touchpoint);
            e.Nps = new NpsResponse { Score = 9, Comment = comment };
            return e;
        }));
        Assert.True(batch.CalculateSize() > HostFixture.MaxMessageBytes);
        return (batch, customers);
    }
}
