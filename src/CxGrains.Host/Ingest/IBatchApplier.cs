using CxGrains.Contracts.V1;

namespace CxGrains.Host.Ingest;

/// <summary>Applies the valid events of a batch, grouped by customer and by queue, and counts the outcome into its ack.</summary>
internal interface IBatchApplier
{
    /// <summary>Applies <paramref name="calls"/> and <paramref name="queueCalls"/>; never throws for a failed call (its events are rejected in <paramref name="ack"/>).</summary>
    Task ApplyAsync(CustomerCalls calls, QueueCalls? queueCalls, BatchAck ack);
}
