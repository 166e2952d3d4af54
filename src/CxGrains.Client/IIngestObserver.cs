using CxGrains.Contracts.V1;

namespace CxGrains.Client;

/// <summary>
/// Hears what happens to the client's batches. Every method has an empty default: implement only those you need.
/// Calls come from the client's stream loops, concurrently across streams: keep them short and thread-safe.
/// </summary>
public interface IIngestObserver
{
    /// <summary>A batch was written to a stream: the first time (<see cref="OutgoingBatch.Sends"/> is 1) or again
    /// after a reconnect.</summary>
    void OnSent(OutgoingBatch batch)
    {
    }

    /// <summary>The server acknowledged a batch: <paramref name="ack"/> counts accepted, duplicate and rejected
    /// events; <paramref name="latency"/> runs from the batch's latest send.</summary>
    void OnAcknowledged(OutgoingBatch batch, BatchAck ack, TimeSpan latency)
    {
    }

    /// <summary>An event was refused for good (invalid, or <c>UNAVAILABLE</c> with <see cref="CxIngestClientOptions.Resend"/>
    /// off): it is not sent again.</summary>
    void OnRejected(EventRejection rejection)
    {
    }

    /// <summary>A batch was given up unacknowledged: the client was disposed or faulted before its ack came, or its
    /// stream dropped with <see cref="CxIngestClientOptions.Resend"/> off.</summary>
    void OnAbandoned(OutgoingBatch batch)
    {
    }

    /// <summary>A stream is about to reconnect, to <paramref name="endpoint"/>, after <paramref name="cause"/>.</summary>
    void OnReconnecting(Uri endpoint, Exception cause)
    {
    }

    /// <summary>An ack named a batch the stream was not waiting for (e.g. the ack of a batch already acknowledged).</summary>
    void OnUnmatchedAck(BatchAck ack)
    {
    }
}
