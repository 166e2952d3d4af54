using CxGrains.Abstractions;

namespace CxGrains.Host.Ingest;

/// <summary>
/// The valid events of one batch grouped by customer, in batch order within each customer: one
/// grain call each. Events are chained per customer while the batch is read, and each customer's
/// argument array is cut once, at its exact size, when the calls are made.
/// </summary>
internal sealed class CustomerCalls(int capacity)
{
    private readonly Dictionary<string, int> _byCustomer = new(capacity, StringComparer.Ordinal);
    private readonly List<Call> _calls = new(capacity);

    // Per valid event, in the order added: the event, its index in the batch, the next event of its customer (-1: last).
    private readonly CustomerEvent[] _events = new CustomerEvent[capacity];
    private readonly int[] _batchIndexes = new int[capacity];
    private readonly int[] _next = new int[capacity];

    /// <summary>Customers, so grain calls.</summary>
    public int Count => _calls.Count;

    /// <summary>Valid events in all.</summary>
    public int EventCount { get; private set; }

    /// <summary>Adds the valid event at <paramref name="batchIndex"/> of <paramref name="customerId"/>.</summary>
    public void Add(string customerId, int batchIndex, CustomerEvent e)
    {
        var slot = EventCount++;
        _events[slot] = e;
        _batchIndexes[slot] = batchIndex;
        _next[slot] = -1;
        if (_byCustomer.TryGetValue(customerId, out var c))
        {
            var call = _calls[c];
            _next[call.Last] = slot;
            _calls[c] = call with { Last = slot, Count = call.Count + 1 };
            return;
        }

        _byCustomer.Add(customerId, _calls.Count);
        _calls.Add(new Call(customerId, slot, slot, 1));
    }

    /// <summary>The customer of call <paramref name="call"/>.</summary>
    public string CustomerId(int call) => _calls[call].CustomerId;

    /// <summary>The events of call <paramref name="call"/>, in batch order (an array of their own, made once).</summary>
    public CustomerEvent[] Events(int call)
    {
        var c = _calls[call];
        if (c.Events is { } made)
        {
            return made;
        }

        var events = new CustomerEvent[c.Count];
        for (int k = 0, slot = c.First; k < events.Length; k++, slot = _next[slot])
        {
            events[k] = _events[slot];
        }

        _calls[call] = c with { Events = events };
        return events;
    }

    /// <summary>The batch indexes of the events of call <paramref name="call"/>, in the order of <see cref="Events"/>.</summary>
    public int[] BatchIndexes(int call)
    {
        var c = _calls[call];
        var indexes = new int[c.Count];
        for (int k = 0, slot = c.First; k < indexes.Length; k++, slot = _next[slot])
        {
            indexes[k] = _batchIndexes[slot];
        }

        return indexes;
    }

    private readonly record struct Call(string CustomerId, int First, int Last, int Count, CustomerEvent[]? Events = null);
}
