using CxGrains.Client;
using CxGrains.Contracts.V1;

namespace CxGrains.LoadGen;

/// <summary>Feeds what the ingest client reports into the run's counters.</summary>
internal sealed class CountingObserver(RunCounters counters) : IIngestObserver
{
    public void OnSent(OutgoingBatch batch) => counters.OnSent(batch.EventCount, batch.Sends, batch.IsRetry);

    public void OnAcknowledged(OutgoingBatch batch, BatchAck ack, TimeSpan latency) =>
        counters.OnAck(batch.Batch, batch.IsRetry, ack, latency);

    public void OnAbandoned(OutgoingBatch batch) => counters.OnAbandoned(batch.EventCount, wasSent: batch.Sends > 0);

    public void OnReconnecting(Uri endpoint, Exception cause) => counters.OnReconnect();

    public void OnUnmatchedAck(BatchAck ack) => counters.OnUnmatchedAck();
}
