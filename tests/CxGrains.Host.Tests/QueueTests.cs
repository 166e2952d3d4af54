using CxGrains.Contracts.V1;
using CxGrains.TestSupport;

namespace CxGrains.Host.Tests;

/// <summary>Queue events through the real gRPC ingest, read back over gRPC and JSON against a reference.</summary>
[Collection(HostCollection.Name)]
public sealed class QueueTests(HostFixture host)
{
    // The host's defaults: Cx:ServiceTargets:DefaultTargetWaitSeconds and Cx:Queues:DefaultShortAbandonSeconds.
    private const double TargetWaitSeconds = 60;
    private const double ShortAbandonSeconds = 5;

    [Fact]
    public async Task A_seeded_stream_of_queue_events_gives_exactly_the_reference_figures_over_grpc_and_json()
    {
        var queue = TestEvents.UniqueId("queue-ref");
        var scenario = QueueScenario.Generate(17, 600, DateTime.UtcNow, TargetWaitSeconds, ShortAbandonSeconds);

        var accepted = 0;
        var duplicates = 0;
        foreach (var chunk in scenario.Steps.Chunk(150))
        {
            var batch = new EventBatch { BatchId = Guid.NewGuid().ToString("N") };
            batch.QueueEvents.AddRange(chunk.Select(step => QueueContract.ToEvent(step, queue)));
            var ack = await host.Ingest.SubmitAsync(batch, HostFixture.Key(host.IngestKey));
            Assert.Empty(ack.Rejected);
            accepted += ack.Accepted;
            duplicates += ack.Duplicates;
        }

        Assert.Equal(scenario.Applied, accepted);
        Assert.Equal(scenario.Steps.Count - scenario.Applied, duplicates);

        var grpc = await host.Query.GetTouchpointAsync(new GetTouchpointRequest { TouchpointId = queue, Window = Window.OneHour }, HostFixture.Key(host.ReaderKey));
        var json = await host.GetJsonAsync<TouchpointView>($"/v1/touchpoints/{Uri.EscapeDataString(queue)}?window=ONE_HOUR", host.ReaderKey);
        foreach (var view in new[] { grpc, json })
        {
            Assert.Equal(host.QueueTimeZone, view.Queue.TimeZone);
            Assert.Equal(TargetWaitSeconds, view.Queue.TargetWaitSeconds);
            Assert.Equal(ShortAbandonSeconds, view.Queue.ShortAbandonSeconds);
            Assert.Equal(0, view.Queue.Unmatched);
            Assert.Equal(scenario.Applied, view.LifetimeEvents);
            QueueContract.AssertMatches(scenario.Expected, view.Queue, view.AsOf.ToDateTime());
        }
    }

    [Fact]
    public async Task A_resent_batch_of_queue_events_is_all_duplicates_and_changes_nothing()
    {
        var queue = TestEvents.UniqueId("queue-resend");
        var scenario = QueueScenario.Generate(18, 40, DateTime.UtcNow, TargetWaitSeconds, ShortAbandonSeconds);
        var batch = new EventBatch { BatchId = "first" };
        batch.QueueEvents.AddRange(scenario.Steps.Select(step => QueueContract.ToEvent(step, queue)));
        var first = await host.Ingest.SubmitAsync(batch, HostFixture.Key(host.IngestKey));
        var before = await host.Query.GetTouchpointAsync(new GetTouchpointRequest { TouchpointId = queue }, HostFixture.Key(host.ReaderKey));

        batch.BatchId = "resend";
        var resend = await host.Ingest.SubmitAsync(batch, HostFixture.Key(host.IngestKey));
        var after = await host.Query.GetTouchpointAsync(new GetTouchpointRequest { TouchpointId = queue }, HostFixture.Key(host.ReaderKey));

        Assert.Equal(scenario.Applied, first.Accepted);
        Assert.Equal(0, resend.Accepted);
        Assert.Equal(scenario.Steps.Count, resend.Duplicates);
        Assert.Equal(before.Queue.Window, after.Queue.Window);
        Assert.Equal(before.Queue.Waiting, after.Queue.Waiting);
    }

    [Fact]
    public async Task Invalid_queue_events_are_refused_one_by_one_with_specific_codes_and_cost_the_valid_ones_nothing()
    {
        var queue = TestEvents.UniqueId("queue-invalid");
        var now = DateTime.UtcNow;
        QueueEvent Valid(string contact, QueueEventKind kind) => new()
        {
            ContactId = contact,
            QueueId = queue,
            Kind = kind,
            OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(now.AddSeconds(-30)),
        };

        static QueueEvent With(QueueEvent e, Action<QueueEvent> change)
        {
            change(e);
            return e;
        }

        var batch = new EventBatch { BatchId = "mixed" };
        batch.Events.Add(TestEvents.With(TestEvents.UniqueId("c-queue"), queue, DateTimeOffset.UtcNow, new Dictionary<string, string>(), e => e.Csat = new CsatResponse { Score = 5 }));
        batch.QueueEvents.Add(Valid("ok", QueueEventKind.Offered));
        batch.QueueEvents.Add(Valid("", QueueEventKind.Offered));
        batch.QueueEvents.Add(Valid("no-kind", QueueEventKind.Unspecified));
        batch.QueueEvents.Add(With(Valid("agent", QueueEventKind.Abandoned), e => e.AgentId = "agent-1"));
        batch.QueueEvents.Add(With(Valid("future", QueueEventKind.Offered), e => e.OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(now.AddHours(1))));
        batch.QueueEvents.Add(With(Valid("no-time", QueueEventKind.Offered), e => e.OccurredAt = null));
        batch.QueueEvents.Add(With(Valid("no-queue", QueueEventKind.Offered), e => e.QueueId = ""));

        var ack = await host.Ingest.SubmitAsync(batch, HostFixture.Key(host.IngestKey));

        Assert.Equal(2, ack.Accepted);
        Assert.All(ack.Rejected, r => Assert.True(r.QueueEvent));
        Assert.Equal(
            [(1, "MISSING_FIELD", "contact_id"), (2, "INVALID_ENUM", "kind"), (3, "VALUE_OUT_OF_RANGE", "agent_id"), (4, "TIMESTAMP_IN_FUTURE", "occurred_at"), (5, "MISSING_FIELD", "occurred_at"), (6, "MISSING_FIELD", "queue_id")],
            ack.Rejected.Select(r => (r.Index, r.Code, r.Message.Split(' ')[0])).ToArray());
        var view = await Eventually.ValueAsync(() => host.FindTouchpointAsync(queue), v => v?.Metrics.Events == 1, "the touchpoint has the csat event");
        Assert.Equal(1, view!.Queue.Waiting);
        Assert.Equal(1, view.Queue.Today.Offered);
    }

    [Fact]
    public async Task A_batch_over_the_limit_counting_queue_events_is_refused_whole()
    {
        var queue = TestEvents.UniqueId("queue-large");
        var batch = new EventBatch { BatchId = "large" };
        var at = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow);
        for (var i = 0; i < 1001; i++)
        {
            batch.QueueEvents.Add(new QueueEvent { ContactId = $"c{i}", QueueId = queue, Kind = QueueEventKind.Offered, OccurredAt = at });
        }

        var ack = await host.Ingest.SubmitAsync(batch, HostFixture.Key(host.IngestKey));

        Assert.Equal(0, ack.Accepted);
        Assert.Equal(1001, ack.Rejected.Count);
        Assert.All(ack.Rejected, r => Assert.Equal("BATCH_TOO_LARGE", r.Code));
        Assert.Null(await host.FindTouchpointAsync(queue));
    }
}
