using CxGrains.Contracts.V1;

namespace CxGrains.Host.Ingest;

/// <summary>
/// Diagnostic only (<c>Cx:Ingest:BareSink</c>): acks every valid event without calling a grain, so
/// the benchmark can measure the ingest edge alone (gRPC, admission, validation, grouping) as the
/// ceiling that applied ingest is compared with. Nothing is applied or stored.
/// </summary>
internal sealed class BareSinkApplier : IBatchApplier
{
    /// <inheritdoc />
    public Task ApplyAsync(CustomerCalls calls, QueueCalls? queueCalls, BatchAck ack)
    {
        ack.Accepted = calls.EventCount + (queueCalls?.EventCount ?? 0);
        return Task.CompletedTask;
    }
}
