using System.Collections.Concurrent;
using CxGrains.Contracts.V1;

namespace CxGrains.Client.Tests;

/// <summary>Keeps what a client reported.</summary>
internal sealed class RecordingObserver : IIngestObserver
{
    private int _reconnects;

    public ConcurrentQueue<(OutgoingBatch Batch, BatchAck Ack)> Acks { get; } = new();

    public ConcurrentQueue<EventRejection> Rejections { get; } = new();

    public ConcurrentQueue<OutgoingBatch> Abandoned { get; } = new();

    public int Reconnects => Volatile.Read(ref _reconnects);

    public void OnAcknowledged(OutgoingBatch batch, BatchAck ack, TimeSpan latency) => Acks.Enqueue((batch, ack));

    public void OnRejected(EventRejection rejection) => Rejections.Enqueue(rejection);

    public void OnAbandoned(OutgoingBatch batch) => Abandoned.Enqueue(batch);

    public void OnReconnecting(Uri endpoint, Exception cause) => Interlocked.Increment(ref _reconnects);
}
