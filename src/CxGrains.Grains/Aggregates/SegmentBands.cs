using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// A segment's customers per band and its at-risk list, as deltas and time change them. For bands that move with
/// time it holds, per customer, the band changes the customer's last report announced and applies each at its
/// moment (moving the count from band to band and updating the at-risk list), so a customer that sleeps is counted
/// where its health is. A newer report of the customer replaces them, moving it from where this segment counts it.
/// Plain state and a clock: tested against a brute-force reference.
/// </summary>
/// <remarks>
/// Bounded: beyond <c>capacity</c> customers the soonest change is applied at once, early, until the count is back
/// within it; counts stay exact (the customer's next report moves it from the band it was moved to), only the
/// moment is early, by no more than the time to the soonest change held.
/// </remarks>
public sealed class SegmentBands
{
    private readonly AggregateState _state;
    private readonly AtRiskRanking _atRisk;
    private readonly int _capacity;

    // Customers by the moment of their next change; entries whose customer has moved on are skipped when they surface.
    private readonly PriorityQueue<string, long> _due = new();

    /// <summary>Indexes the changes held in <paramref name="state"/>, whose at-risk list <paramref name="atRisk"/> ranks.</summary>
    public SegmentBands(AggregateState state, AtRiskRanking atRisk, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _state = state;
        _atRisk = atRisk;
        _capacity = capacity;
        Reindex();
    }

    /// <summary>The state whose changes this indexes (a re-read state needs a new index).</summary>
    public AggregateState State => _state;

    /// <summary>Customers whose changes are held.</summary>
    public int Count => _state.Crossings?.Count ?? 0;

    /// <summary>When the next held change is due (UTC ticks); null when none is held.</summary>
    public long? NextDueTicks
    {
        get
        {
            while (_due.TryPeek(out var id, out var at))
            {
                if (IsCurrent(id, at))
                {
                    return at;
                }

                _due.Dequeue();
            }

            return null;
        }
    }

    /// <summary>
    /// Applies the band part of a delta: the summed moves of customers with no change ahead, the band reports of
    /// those with one, then the at-risk removals and updates.
    /// </summary>
    public void Merge(AggregateDelta delta)
    {
        _state.Health += delta.BandChange;
        foreach (var report in delta.BandReports)
        {
            Apply(report);
        }

        foreach (var customerId in delta.AtRiskRemovals)
        {
            _atRisk.Remove(customerId);
        }

        foreach (var entry in delta.AtRiskUpserts)
        {
            _atRisk.Upsert(entry);
        }
    }

    /// <summary>
    /// Applies one customer's band report: moves it from where this segment counts it (its held band, else the
    /// report's <see cref="BandReport.From"/>) to <see cref="BandReport.To"/>, and holds its new changes instead of the old.
    /// </summary>
    private void Apply(BandReport report)
    {
        var held = _state.Crossings;
        HealthBand? counted = held is not null && held.Remove(report.CustomerId, out var previous) ? previous.Counted : report.From;
        Move(counted, report.To);
        if (report.To is { } to && report.First.Exists)
        {
            var pending = new PendingCrossing { Counted = to, Next = report.First, Then = report.Second };
            (_state.Crossings ??= new(StringComparer.Ordinal))[report.CustomerId] = pending;
            _due.Enqueue(report.CustomerId, pending.Next.AtTicks);
            Bound();
        }
        else if (held is { Count: 0 })
        {
            _state.Crossings = null;
        }

        if (_due.Count > (2 * Count) + 64)
        {
            Reindex(); // superseded entries pile up in the queue; start afresh
        }
    }

    /// <summary>Applies every held change due by <paramref name="nowTicks"/>, in order of time; returns how many.</summary>
    public int ApplyDue(long nowTicks)
    {
        var applied = 0;
        while (NextDueTicks is { } at && at <= nowTicks)
        {
            ApplyNext(_due.Dequeue());
            applied++;
        }

        return applied;
    }

    private void ApplyNext(string customerId)
    {
        var held = _state.Crossings!;
        var pending = held[customerId];
        var crossing = pending.Next;
        Move(pending.Counted, crossing.Band);
        if (crossing.Band == HealthBand.Healthy)
        {
            _atRisk.Remove(customerId);
        }
        else if (crossing.Listing is { } listing)
        {
            _atRisk.Upsert(listing);
        }

        pending.Counted = crossing.Band;
        pending.Next = pending.Then;
        pending.Then = BandCrossing.None;
        if (pending.Next.Exists)
        {
            _due.Enqueue(customerId, pending.Next.AtTicks);
        }
        else
        {
            // Counted where its report's last change leaves it: its next report moves it from there.
            held.Remove(customerId);
            if (held.Count == 0)
            {
                _state.Crossings = null;
            }
        }
    }

    private void Bound()
    {
        while (Count > _capacity && NextDueTicks is not null)
        {
            ApplyNext(_due.Dequeue());
        }
    }

    private void Move(HealthBand? from, HealthBand? to)
    {
        if (from == to)
        {
            return;
        }

        var counts = _state.Health;
        if (from is { } f)
        {
            counts = counts.Add(f, -1);
        }

        if (to is { } t)
        {
            counts = counts.Add(t, +1);
        }

        _state.Health = counts;
    }

    private bool IsCurrent(string customerId, long atTicks) =>
        _state.Crossings is { } held && held.TryGetValue(customerId, out var pending) && pending.Next.AtTicks == atTicks;

    private void Reindex()
    {
        _due.Clear();
        if (_state.Crossings is { } held)
        {
            foreach (var (id, pending) in held)
            {
                _due.Enqueue(id, pending.Next.AtTicks);
            }
        }
    }
}
