using System.Threading.Channels;
using CxGrains.Contracts.V1;
using Grpc.Core;

namespace CxGrains.LoadGen.Tests;

/// <summary>A small ingest service for runner tests: checks the key, applies batches with de-duplication,
/// acks from a separate writer (as the real service may), and drops a stream on request.</summary>
internal sealed class TestIngestService(TestIngestBehavior behavior) : IngestService.IngestServiceBase
{
    public override async Task Stream(
        IAsyncStreamReader<EventBatch> requestStream,
        IServerStreamWriter<BatchAck> responseStream,
        ServerCallContext context)
    {
        CheckKey(context);
        var observation = new StreamObservation();
        behavior.Streams.Add(observation);
        behavior.StreamsByServer.AddOrUpdate(context.GetHttpContext().Connection.LocalPort, 1, static (_, n) => n + 1);
        var acks = System.Threading.Channels.Channel.CreateUnbounded<BatchAck>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writer = WriteAcksAsync(acks.Reader, responseStream, observation, context.CancellationToken);

        await foreach (var batch in requestStream.ReadAllAsync(context.CancellationToken))
        {
            observation.Received();
            var ack = behavior.Apply(batch);
            if (behavior.ShouldDrop())
            {
                // Applied but never acked: the client must resend it and get duplicates back.
                context.GetHttpContext().Abort();
                return;
            }

            acks.Writer.TryWrite(ack);
        }

        acks.Writer.Complete();
        await writer;
    }

    public override Task<BatchAck> Submit(EventBatch request, ServerCallContext context)
    {
        CheckKey(context);
        var ack = behavior.Apply(request);
        if (behavior.ShouldFailSubmit())
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "test: ack lost"));
        }

        return Task.FromResult(ack);
    }

    private async Task WriteAcksAsync(
        ChannelReader<BatchAck> acks,
        IServerStreamWriter<BatchAck> responseStream,
        StreamObservation observation,
        CancellationToken cancellationToken)
    {
        await foreach (var ack in acks.ReadAllAsync(cancellationToken))
        {
            if (behavior.AckDelay > TimeSpan.Zero)
            {
                await Task.Delay(behavior.AckDelay, cancellationToken);
            }

            // Count the batch as settled before the client can see the ack and send the next one.
            observation.Acking();
            await responseStream.WriteAsync(ack, cancellationToken);
        }
    }

    private void CheckKey(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue("x-api-key") != behavior.ApiKey)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing or unknown x-api-key"));
        }
    }
}
