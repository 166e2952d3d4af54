using CxGrains.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace CxGrains.Live.Tests;

/// <summary>Sends contract events to one host over gRPC.</summary>
public sealed class TestIngest(int grpcPort, string ingestKey) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");

    public static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A CSAT answer of <paramref name="score"/> happening now, in region <paramref name="region"/>.</summary>
    public static InteractionEvent Csat(string touchpointId, int score, string region) => new()
    {
        EventId = UniqueId("e"),
        CustomerId = UniqueId("c"),
        TouchpointId = touchpointId,
        Channel = Channel.Phone,
        JourneyStage = JourneyStage.PostPurchase,
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        Csat = new CsatResponse { Score = score },
        Attributes = { ["region"] = region },
    };

    /// <summary>Submits the events in one batch and checks that all were accepted.</summary>
    public async Task SubmitAsync(IEnumerable<InteractionEvent> events)
    {
        var batch = new EventBatch { BatchId = UniqueId("b") };
        batch.Events.AddRange(events);
        var client = new IngestService.IngestServiceClient(_channel);
        var ack = await client.SubmitAsync(batch, new Metadata { { "x-api-key", ingestKey } });
        Assert.Equal(batch.Events.Count, ack.Accepted);
    }

    /// <summary>Submits queue events in one batch and returns the ack.</summary>
    public async Task<BatchAck> SubmitQueueAsync(IEnumerable<QueueEvent> events)
    {
        var batch = new EventBatch { BatchId = UniqueId("b") };
        batch.QueueEvents.AddRange(events);
        var ack = await new IngestService.IngestServiceClient(_channel).SubmitAsync(batch, new Metadata { { "x-api-key", ingestKey } });
        Assert.Empty(ack.Rejected);
        return ack;
    }

    public void Dispose() => _channel.Dispose();
}
