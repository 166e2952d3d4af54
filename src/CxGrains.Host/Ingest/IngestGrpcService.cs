using CxGrains.Contracts.V1;
using CxGrains.Host.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Ingest;

/// <summary>
/// The gRPC ingest endpoint. <c>Stream</c> answers every batch with one ack as soon as that batch
/// is applied; acks may overtake each other. At most <c>MaxInFlightBatchesPerStream</c> batches of a
/// stream, and <c>MaxInFlightEvents</c> events of the whole silo (<see cref="IngestAdmission"/>), are
/// applied at once: beyond that the server stops reading, and HTTP/2 flow control pushes back on the
/// sender, so nothing is buffered without bound. On a graceful stop
/// (<see cref="IngestDrain"/>) a stream stops reading, acks every batch it took and ends with
/// <c>UNAVAILABLE</c>: whatever the client has not seen acked, it resends elsewhere.
/// </summary>
[Authorize(Policy = ApiKeyPolicies.Ingest)]
internal sealed class IngestGrpcService(
    IngestPipeline pipeline,
    StreamQuota quota,
    IngestMetrics metrics,
    IngestDrain drain,
    IngestAdmission admission,
    IOptions<IngestLimitsOptions> options) : IngestService.IngestServiceBase
{
    private readonly IngestLimitsOptions _limits = options.Value;

    /// <inheritdoc />
    public override async Task<BatchAck> Submit(EventBatch request, ServerCallContext context)
    {
        if (!drain.TryEnter())
        {
            throw ShuttingDown();
        }

        metrics.InFlight(1);
        try
        {
            using var admitted = await admission.EnterAsync(IngestPipeline.SizeOf(request), context.CancellationToken);
            var ack = await pipeline.ProcessAsync(request, ApiKeyPolicies.CallerName(context.GetHttpContext().User));
            ack.AdmissionWaitMs = WaitedMilliseconds(admitted);
            return ack;
        }
        finally
        {
            metrics.InFlight(-1);
            drain.Exit();
        }
    }

    /// <inheritdoc />
    public override async Task Stream(IAsyncStreamReader<EventBatch> requestStream, IServerStreamWriter<BatchAck> responseStream, ServerCallContext context)
    {
        var caller = ApiKeyPolicies.CallerName(context.GetHttpContext().User);
        if (!drain.TryEnter())
        {
            throw ShuttingDown();
        }

        if (!quota.TryEnter(caller, _limits.MaxStreamsPerKey))
        {
            drain.Exit();
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"this API key already has {_limits.MaxStreamsPerKey} open ingest streams; close one or raise Cx:Ingest:MaxStreamsPerKey."));
        }

        using var window = new SemaphoreSlim(_limits.MaxInFlightBatchesPerStream);
        using var writeGate = new SemaphoreSlim(1);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, drain.Stopping);
        var pending = new List<Task>();
        var drained = false;
        try
        {
            var cancellation = context.CancellationToken;
            while (true)
            {
                bool more;
                try
                {
                    more = await requestStream.MoveNext(reading.Token);
                }
                catch (OperationCanceledException) when (drain.Stopping.IsCancellationRequested && !cancellation.IsCancellationRequested)
                {
                    // Stop reading: batches the client sent after this point are not taken, so not acked.
                    drained = true;
                    break;
                }

                if (!more)
                {
                    break;
                }

                // A batch that was read is applied and acked even while draining. Waiting for room
                // here, before the next read, is what slows the sender down.
                await window.WaitAsync(cancellation);
                var batch = requestStream.Current;
                IngestAdmission.Admission admitted;
                try
                {
                    admitted = await admission.EnterAsync(IngestPipeline.SizeOf(batch), cancellation);
                }
                catch
                {
                    window.Release();
                    throw;
                }

                pending.Add(AckAsync(batch, admitted));
                pending.RemoveAll(t => t.IsCompletedSuccessfully);
            }
        }
        finally
        {
            // Let batches already taken finish (and release the semaphores) before disposing them.
            await Task.WhenAll(pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            quota.Exit(caller);
            drain.Exit();
        }

        if (drained)
        {
            throw ShuttingDown();
        }

        async Task AckAsync(EventBatch batch, IngestAdmission.Admission admitted)
        {
            metrics.InFlight(1);
            try
            {
                BatchAck ack;
                using (admitted)
                {
                    ack = await pipeline.ProcessAsync(batch, caller);
                }

                ack.AdmissionWaitMs = WaitedMilliseconds(admitted);

                // A response stream takes one write at a time.
                await writeGate.WaitAsync(context.CancellationToken);
                try
                {
                    await responseStream.WriteAsync(ack, context.CancellationToken);
                }
                finally
                {
                    writeGate.Release();
                }
            }
            finally
            {
                metrics.InFlight(-1);
                window.Release();
            }
        }
    }

    private static int WaitedMilliseconds(IngestAdmission.Admission admitted) =>
        (int)Math.Min(int.MaxValue, Math.Ceiling(admitted.Waited.TotalMilliseconds));

    private static RpcException ShuttingDown() => new(new Status(StatusCode.Unavailable, IngestDrain.ShuttingDownMessage));
}
