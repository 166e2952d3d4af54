using System.Runtime.InteropServices;
using CxGrains.Contracts.V1;

namespace CxGrains.LoadGen;

/// <summary>
/// Acknowledged events per customer and per touchpoint: what the cluster must hold exactly once. An event
/// counts when its batch is acknowledged and it was not rejected (duplicates count: the cluster has it).
/// </summary>
internal sealed class AckedTally
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _customers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _touchpoints = new(StringComparer.Ordinal);

    public void Add(EventBatch batch, BatchAck ack)
    {
        HashSet<int>? rejected = ack.Rejected.Count == 0 ? null : [.. ack.Rejected.Select(r => r.Index)];
        lock (_lock)
        {
            for (var i = 0; i < batch.Events.Count; i++)
            {
                if (rejected?.Contains(i) == true)
                {
                    continue;
                }

                var evt = batch.Events[i];
                Increment(_customers, evt.CustomerId);
                Increment(_touchpoints, evt.TouchpointId);
            }
        }
    }

    public (IReadOnlyDictionary<string, long> Customers, IReadOnlyDictionary<string, long> Touchpoints) Snapshot()
    {
        lock (_lock)
        {
            return (new Dictionary<string, long>(_customers, StringComparer.Ordinal),
                new Dictionary<string, long>(_touchpoints, StringComparer.Ordinal));
        }
    }

    private static void Increment(Dictionary<string, long> counts, string key) =>
        CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
}
