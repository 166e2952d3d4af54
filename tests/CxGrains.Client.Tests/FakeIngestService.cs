using CxGrains.Contracts.V1;
using Grpc.Core;

namespace CxGrains.Client.Tests;

/// <summary>The ingest service's stream contract, small: checks the key, applies each batch, acks it.</summary>
internal sealed class FakeIngestService(FakeIngestBehavior behavior, ServerReceipts receipts) : IngestService.IngestServiceBase
{
    public override async Task Stream(
        IAsyncStreamReader<EventBatch> requestStream,
        IServerStreamWriter<BatchAck> responseStream,
        ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue("x-api-key") != FakeIngestBehavior.Key)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing or unknown x-api-key"));
        }

        await foreach (var batch in requestStream.ReadAllAsync(context.CancellationToken))
        {
            receipts.Received();
            var ack = behavior.Apply(batch);
            if (behavior.HoldAcks is { } hold)
            {
                await hold.Task.WaitAsync(context.CancellationToken);
            }

            await responseStream.WriteAsync(ack, context.CancellationToken);
        }
    }
}
