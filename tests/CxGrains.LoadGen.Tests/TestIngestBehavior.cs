using System.Collections.Concurrent;
using CxGrains.Contracts.V1;

namespace CxGrains.LoadGen.Tests;

/// <summary>How the test ingest service behaves, and what it observed. One instance per test server.</summary>
internal sealed class TestIngestBehavior
{
    private int _batchesReceived;
    private int _dropped;
    private int _submitFailed;
    private int _rejected;

    /// <summary>The key the server requires in x-api-key.</summary>
    public string ApiKey { get; init; } = "test-key";

    /// <summary>When the n-th batch (over all streams) arrives, apply it, then abort its stream without acking.</summary>
    public int? DropStreamAtBatch { get; init; }

    /// <summary>Fail the first Submit call with UNAVAILABLE after applying it (the ack is lost).</summary>
    public bool FailFirstSubmit { get; init; }

    /// <summary>Delay before each ack, so that the client's window fills.</summary>
    public TimeSpan AckDelay { get; init; }

    /// <summary>A reason code to reject an event with, or null to accept it.</summary>
    public Func<InteractionEvent, string?>? Reject { get; init; }

    /// <summary>Times each batch id arrived.</summary>
    public ConcurrentDictionary<string, int> BatchReceipts { get; } = new(StringComparer.Ordinal);

    /// <summary>Distinct applied events: event id → customer id (the server's exactly-once view).</summary>
    public ConcurrentDictionary<string, string> Applied { get; } = new(StringComparer.Ordinal);

    /// <summary>Per opened stream, the most batches ever received and not yet acked.</summary>
    public ConcurrentBag<StreamObservation> Streams { get; } = [];

    /// <summary>Streams opened per server (by its local port), when several servers share this behavior.</summary>
    public ConcurrentDictionary<int, int> StreamsByServer { get; } = new();

    public int RejectedCount => Volatile.Read(ref _rejected);

    public int Dropped => Volatile.Read(ref _dropped);

    public bool ShouldFailSubmit() => FailFirstSubmit && Interlocked.Exchange(ref _submitFailed, 1) == 0;

    /// <summary>True once, for the batch at which the stream must be dropped.</summary>
    public bool ShouldDrop()
    {
        var n = Interlocked.Increment(ref _batchesReceived);
        return DropStreamAtBatch == n && Interlocked.Exchange(ref _dropped, 1) == 0;
    }

    /// <summary>Applies a batch the way the real service does: valid new events count once, repeats are duplicates.</summary>
    public BatchAck Apply(EventBatch batch)
    {
        BatchReceipts.AddOrUpdate(batch.BatchId, 1, static (_, n) => n + 1);
        var ack = new BatchAck { BatchId = batch.BatchId };
        for (var i = 0; i < batch.Events.Count; i++)
        {
            var evt = batch.Events[i];
            if (Reject?.Invoke(evt) is { } code)
            {
                Interlocked.Increment(ref _rejected);
                ack.Rejected.Add(new RejectedEvent { Index = i, EventId = evt.EventId, Code = code, Message = "rejected by test" });
            }
            else if (Applied.TryAdd(evt.EventId, evt.CustomerId))
            {
                ack.Accepted++;
            }
            else
            {
                ack.Duplicates++;
            }
        }

        return ack;
    }

    /// <summary>Applied events per customer.</summary>
    public Dictionary<string, long> AppliedByCustomer() =>
        Applied.Values.GroupBy(c => c, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
}
