using System.Collections.Concurrent;
using CxGrains.Contracts.V1;

namespace CxGrains.Client.Tests;

/// <summary>How a test ingest server behaves and what it saw. Servers sharing one instance stand for one cluster
/// with one de-duplicating store, as the real service de-duplicates by event id.</summary>
internal sealed class FakeIngestBehavior
{
    public const string Key = "client-test-key";

    /// <summary>A reason code to reject an event with, or null to apply it.</summary>
    public Func<InteractionEvent, string?>? Reject { get; init; }

    /// <summary>When set, acks wait until it completes (the server is full).</summary>
    public TaskCompletionSource? HoldAcks { get; set; }

    /// <summary>Every batch as received, in arrival order (resends included).</summary>
    public ConcurrentQueue<EventBatch> Received { get; } = new();

    /// <summary>Distinct applied events: event id → how often it arrived valid (resends included).</summary>
    public ConcurrentDictionary<string, int> Arrivals { get; } = new(StringComparer.Ordinal);

    /// <summary>Distinct applied event ids.</summary>
    public ConcurrentDictionary<string, bool> Applied { get; } = new(StringComparer.Ordinal);

    public BatchAck Apply(EventBatch batch)
    {
        Received.Enqueue(batch);
        var ack = new BatchAck { BatchId = batch.BatchId };
        for (var i = 0; i < batch.Events.Count; i++)
        {
            var evt = batch.Events[i];
            Arrivals.AddOrUpdate(evt.EventId, 1, static (_, n) => n + 1);
            if (Reject?.Invoke(evt) is { } code)
            {
                ack.Rejected.Add(new RejectedEvent { Index = i, EventId = evt.EventId, Code = code, Message = $"test: {code}" });
            }
            else if (Applied.TryAdd(evt.EventId, true))
            {
                ack.Accepted++;
            }
            else
            {
                ack.Duplicates++;
            }
        }

        ack.Accepted += batch.QueueEvents.Count;
        return ack;
    }
}
