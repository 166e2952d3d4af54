using CxGrains.Contracts.V1;
using CxGrains.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.SignalR.Client;

namespace CxGrains.Deploy.Tests;

/// <summary>
/// One live host that has ingested accepted, duplicate and rejected events, written state and
/// flushed its accumulator, so that every instrument has samples; holds one scrape of /metrics.
/// </summary>
public sealed class LiveMetricsFixture : IAsyncLifetime
{
    /// <summary>Series that exist only once the work they measure happened; the scrape waits for them.</summary>
    private static readonly string[] AwaitedSeries =
    [
        "cx_events_ingested_total", "cx_events_duplicate_total", "cx_events_rejected_total", "cx_ack_latency_seconds_bucket",
        "cx_storage_write_duration_seconds_bucket", "cx_storage_flush_lag_seconds_bucket",
        "cx_accumulator_flush_duration_seconds_bucket", "cx_accumulator_deltas_sent_total",
        "cx_signalr_connections", "cx_signalr_pushes_total",
        "cx_journal_commits_total", "cx_journal_entries_per_commit_bucket", "cx_journal_payload_bytes_total", "cx_journal_commit_duration_seconds_bucket",
        "cx_gc_pause_duration_seconds_bucket",
    ];

    private HubConnection? _hub;

    // Ack mode durable, so that the event journal is written and its series exist too.
    public TestHost Host { get; } = new(new Dictionary<string, string?>
    {
        ["Cx:Durability:AckMode"] = "Durable",
        ["Cx:Durability:SnapshotInterval"] = "00:00:00.200",
    });

    /// <summary>The text of the scrape.</summary>
    public string Exposition { get; private set; } = "";

    /// <summary>Sample and family names of the scrape.</summary>
    public HashSet<string> Names { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Host.StartAsync();

        // A wallboard watching a segment: one connection, and the snapshot Watch answers with is a push.
        _hub = new HubConnectionBuilder()
            .WithUrl($"http://127.0.0.1:{Host.HttpPort}/hubs/cx", o => o.Headers["x-api-key"] = Host.ReaderKey)
            .Build();
        await _hub.StartAsync();
        await _hub.InvokeAsync("Watch", "segment/all", "ONE_MINUTE");

        var touchpoint = $"tp-{Guid.NewGuid():N}";
        var events = Enumerable.Range(0, 6).Select(i => Event($"cust-{i}-{Guid.NewGuid():N}", touchpoint)).ToList();
        var batch = new EventBatch { BatchId = $"b-{Guid.NewGuid():N}" };
        batch.Events.AddRange(events);
        var invalid = Event($"cust-bad-{Guid.NewGuid():N}", touchpoint);
        invalid.Csat.Score = 9;
        batch.Events.Add(invalid);
        var ack = await Host.SubmitAsync(batch);
        Assert.Equal(events.Count, ack.Accepted);
        Assert.Single(ack.Rejected);

        // The same batch again: every valid event is a duplicate now.
        batch.BatchId = $"b-{Guid.NewGuid():N}";
        var resend = await Host.SubmitAsync(batch);
        Assert.Equal(events.Count, resend.Duplicates);

        Exposition = await Eventually.ValueAsync(
            async () => (await Host.GetAsync("/metrics")).Body,
            text => AwaitedSeries.All(PromText.Names(text).Contains)
                && PromText.Samples(text, "cx_storage_flush_lag_seconds_count").Any(l => l.Contains("grain=\"customer\"", StringComparison.Ordinal)),
            "every awaited cx_ series in /metrics, and a customer state write");
        Names = PromText.Names(Exposition);
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        await Host.DisposeAsync();
    }

    private static InteractionEvent Event(string customerId, string touchpointId) => new()
    {
        EventId = $"e-{Guid.NewGuid():N}",
        CustomerId = customerId,
        TouchpointId = touchpointId,
        Channel = Channel.Phone,
        JourneyStage = JourneyStage.PostPurchase,
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-5)),
        Csat = new CsatResponse { Score = 4 },
    };
}

/// <summary>Tests that compare files with a live /metrics share one host.</summary>
[CollectionDefinition(Name)]
public sealed class LiveMetricsCollection : ICollectionFixture<LiveMetricsFixture>
{
    public const string Name = "live-metrics";
}
