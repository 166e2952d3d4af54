using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Customers;

/// <summary>
/// A customer's recent interactions in memory, newest business time first, at most a configured number.
/// </summary>
/// <remarks>
/// Recording an event stores no new object in the customer: entries are structs, and event ids are copied into one
/// character buffer per customer instead of keeping the event's id string. A young object referenced by a
/// long-lived customer survives the next young collection and makes that collection scan the customer; at tens of
/// thousands of events a second those strings made about a third of what each young collection promoted. The buffer
/// is compacted in place when it runs out, and only grows (by half again) when the live ids do not fit.
/// </remarks>
public partial struct RecentInteractions
{
    private RecentEntry[] _entries;
    private char[] _ids;
    private int _idsUsed;

    /// <summary>Interactions kept.</summary>
    public readonly int Count => _entries?.Length ?? 0;

    /// <summary>The stored form, newest business time first.</summary>
    public readonly List<RecentInteraction> ToRecords()
    {
        var records = new List<RecentInteraction>(Count);
        for (var i = 0; i < Count; i++)
        {
            records.Add(_entries[i].ToRecord(_ids));
        }

        return records;
    }

    /// <summary>From the stored form (kept in its order), with an exactly sized id buffer.</summary>
    public static RecentInteractions From(IReadOnlyList<RecentInteraction> records)
    {
        var ids = new char[records.Sum(r => r.EventId.Length)];
        var entries = new RecentEntry[records.Count];
        var used = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            r.EventId.CopyTo(0, ids, used, r.EventId.Length);
            entries[i] = new RecentEntry(used, r.EventId.Length, r.TouchpointId, r.OccurredAtTicks, r.Signal, r.Kind, r.Channel, r.Negative);
            used += r.EventId.Length;
        }

        return new RecentInteractions { _entries = entries, _ids = ids, _idsUsed = used };
    }

    /// <summary>
    /// Records an interaction in its place by business time, keeping the newest <paramref name="limit"/>: a late one
    /// lands in its place, or nowhere if it is older than all kept of a full list.
    /// </summary>
    public void Record(int limit, string eventId, string touchpointId, long occurredAtTicks, double signal, InteractionKind kind, InteractionChannel channel, bool negative)
    {
        _entries ??= [];
        _ids ??= [];
        if (_entries.Length > limit)
        {
            // The limit was lowered in configuration: keep the newest.
            _entries = _entries[..limit];
        }

        var entries = _entries;
        var index = 0;
        while (index < entries.Length && entries[index].OccurredAtTicks >= occurredAtTicks)
        {
            index++;
        }

        var full = entries.Length == limit;
        if (index == entries.Length && full)
        {
            return;
        }

        // A full list drops its oldest entry: its id need not survive a compaction.
        var start = StoreId(eventId, dropping: full ? entries.Length - 1 : -1);
        var entry = new RecentEntry(start, eventId.Length, touchpointId, occurredAtTicks, signal, kind, channel, negative);
        if (full)
        {
            // Shift in place (writes serialize synchronously, never mid-shift).
            Array.Copy(entries, index, entries, index + 1, limit - index - 1);
            entries[index] = entry;
            return;
        }

        // Growing: an exactly sized array, so a customer with one event holds one entry, not a list's spare capacity.
        var next = new RecentEntry[entries.Length + 1];
        Array.Copy(entries, next, index);
        next[index] = entry;
        Array.Copy(entries, index, next, index + 1, entries.Length - index);
        _entries = next;
    }

    // Copies the id into the buffer and returns where; compacts the live ids (all but the entry at dropping) first
    // when it has no room at the end, and grows the buffer only when they do not fit with it.
    private int StoreId(string eventId, int dropping)
    {
        if (_idsUsed + eventId.Length > _ids.Length)
        {
            var live = 0;
            for (var i = 0; i < _entries.Length; i++)
            {
                live += i == dropping ? 0 : _entries[i].IdLength;
            }

            var needed = live + eventId.Length;
            Compact(dropping, needed > _ids.Length ? new char[_entries.Length == 0 ? needed : needed + (needed / 2)] : _ids);
        }

        var start = _idsUsed;
        eventId.CopyTo(0, _ids, start, eventId.Length);
        _idsUsed += eventId.Length;
        return start;
    }

    // Moves the live ids to the front of target in order of position (in place when target is the buffer itself:
    // each id moves towards the front, over ids already moved).
    private void Compact(int dropping, char[] target)
    {
        var entries = _entries;
        Span<int> order = stackalloc int[entries.Length];
        var n = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            if (i != dropping)
            {
                order[n++] = i;
            }
        }

        order = order[..n];
        for (var i = 1; i < order.Length; i++)
        {
            // Insertion sort by position: at most a hundred entries, usually eight.
            var current = order[i];
            var j = i - 1;
            while (j >= 0 && entries[order[j]].IdStart > entries[current].IdStart)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = current;
        }

        var used = 0;
        foreach (var i in order)
        {
            var e = entries[i];
            Array.Copy(_ids, e.IdStart, target, used, e.IdLength);
            entries[i] = e with { IdStart = used };
            used += e.IdLength;
        }

        _ids = target;
        _idsUsed = used;
    }
}
