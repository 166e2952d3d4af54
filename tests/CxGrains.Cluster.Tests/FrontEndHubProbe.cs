using System.Diagnostics;
using System.Text.Json;
using CxGrains.Contracts.V1;
using CxGrains.TestingHost;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace CxGrains.Cluster.Tests;

/// <summary>
/// A wallboard on the front-end process (an Orleans client, no grains): it watches a fresh
/// touchpoint, an event for it is ingested through a silo, and the front end's hub must push the
/// update that the silo hosting the touchpoint published.
/// </summary>
internal static class FrontEndHubProbe
{
    /// <summary>How long after the ingest the update arrived, or null if it never did within <paramref name="timeout"/>.</summary>
    public static async Task<TimeSpan?> MeasureAsync(TestCluster cluster, HostProcess ingestVia, TimeSpan timeout)
    {
        var touchpoint = $"tp-hub-{Guid.NewGuid():N}";
        var topic = $"touchpoint/{touchpoint}";
        var updates = System.Threading.Channels.Channel.CreateUnbounded<long>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(cluster.FrontEnd.HttpUrl, "/hubs/cx"), o => o.Headers["x-api-key"] = cluster.ReaderKey)
            .Build();
        hub.On<JsonElement>("update", update =>
        {
            // The snapshot on Watch has no events yet; the push after the ingest has one.
            if (update.GetProperty("topic").GetString() == topic
                && update.GetProperty("view").GetProperty("metrics").TryGetProperty("events", out var events)
                && long.Parse(events.ToString(), System.Globalization.CultureInfo.InvariantCulture) == 1)
            {
                updates.Writer.TryWrite(Stopwatch.GetTimestamp());
            }
        });
        await hub.StartAsync();
        await hub.InvokeAsync("Watch", topic, "ONE_HOUR");

        using var channel = GrpcChannel.ForAddress(ingestVia.GrpcUrl);
        var ingest = new IngestService.IngestServiceClient(channel);
        var sent = Stopwatch.GetTimestamp();
        var ack = await ingest.SubmitAsync(new EventBatch
        {
            BatchId = $"hub-{Guid.NewGuid():N}",
            Events =
            {
                new InteractionEvent
                {
                    EventId = $"hub-{Guid.NewGuid():N}",
                    CustomerId = $"hub-customer-{Guid.NewGuid():N}",
                    TouchpointId = touchpoint,
                    Channel = Contracts.V1.Channel.Chat,
                    JourneyStage = JourneyStage.PostPurchase,
                    OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
                    Csat = new CsatResponse { Score = 5 },
                },
            },
        }, new Metadata { { "x-api-key", cluster.IngestKey } });
        if (ack.Accepted != 1)
        {
            throw new InvalidOperationException($"the probe event was not accepted: {ack}");
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var received = await updates.Reader.ReadAsync(cancel.Token);
            return Stopwatch.GetElapsedTime(sent, received);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
