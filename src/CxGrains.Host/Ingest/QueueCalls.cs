using CxGrains.Scoring.Queues;

namespace CxGrains.Host.Ingest;

/// <summary>The valid queue events of one batch grouped by queue, in batch order within each queue: one grain call each.</summary>
internal sealed class QueueCalls
{
    private readonly Dictionary<string, int> _byQueue = new(StringComparer.Ordinal);
    private readonly List<(string QueueId, List<QueueStep> Steps, List<int> BatchIndexes)> _calls = [];

    /// <summary>Queues, so grain calls.</summary>
    public int Count => _calls.Count;

    /// <summary>Valid queue events in all.</summary>
    public int EventCount { get; private set; }

    /// <summary>Adds the valid queue event at <paramref name="batchIndex"/> of <paramref name="queueId"/>.</summary>
    public void Add(string queueId, int batchIndex, QueueStep step)
    {
        EventCount++;
        if (!_byQueue.TryGetValue(queueId, out var c))
        {
            c = _calls.Count;
            _byQueue.Add(queueId, c);
            _calls.Add((queueId, [], []));
        }

        _calls[c].Steps.Add(step);
        _calls[c].BatchIndexes.Add(batchIndex);
    }

    /// <summary>The queue of call <paramref name="call"/>.</summary>
    public string QueueId(int call) => _calls[call].QueueId;

    /// <summary>The steps of call <paramref name="call"/>, in batch order.</summary>
    public QueueStep[] Steps(int call) => [.. _calls[call].Steps];

    /// <summary>The batch indexes (in <c>queue_events</c>) of the steps of call <paramref name="call"/>.</summary>
    public IReadOnlyList<int> BatchIndexes(int call) => _calls[call].BatchIndexes;
}
