using System.Collections.Concurrent;
using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Host.Live;

/// <summary>
/// Which hub groups have members on this host, and what was last pushed to each, so that a
/// delivered change is formatted only for watched groups and pushed only when its window's
/// numbers actually changed.
/// </summary>
public sealed class LiveWatchers
{
    /// <summary>Most groups one connection may watch.</summary>
    public const int MaxWatchesPerConnection = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byConnection = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (MetricCounts Counts, BandCounts Health, QueueSnapshot? Queue)> _lastPushed = new(StringComparer.Ordinal);

    /// <summary>Records that a connection watches a group; false when it already did.</summary>
    /// <exception cref="InvalidOperationException">The connection watches too many groups.</exception>
    public bool Add(string connectionId, string group)
    {
        lock (_gate)
        {
            if (!_byConnection.TryGetValue(connectionId, out var groups))
            {
                groups = new HashSet<string>(StringComparer.Ordinal);
                _byConnection[connectionId] = groups;
            }

            if (groups.Contains(group))
            {
                return false;
            }

            if (groups.Count >= MaxWatchesPerConnection)
            {
                throw new InvalidOperationException($"a connection may watch at most {MaxWatchesPerConnection} topic/window pairs.");
            }

            groups.Add(group);
            _members[group] = _members.GetValueOrDefault(group) + 1;
            return true;
        }
    }

    /// <summary>Records that a connection stopped watching a group; false when it did not watch it.</summary>
    public bool Remove(string connectionId, string group)
    {
        lock (_gate)
        {
            return _byConnection.TryGetValue(connectionId, out var groups) && groups.Remove(group) && Leave(group);
        }
    }

    /// <summary>Forgets a closed connection.</summary>
    public void RemoveConnection(string connectionId)
    {
        lock (_gate)
        {
            if (_byConnection.Remove(connectionId, out var groups))
            {
                foreach (var group in groups)
                {
                    Leave(group);
                }
            }
        }
    }

    /// <summary>True when some connection of this host watches <paramref name="group"/>.</summary>
    public bool IsWatched(string group)
    {
        lock (_gate)
        {
            return _members.ContainsKey(group);
        }
    }

    /// <summary>
    /// True when <paramref name="snapshot"/> differs from what was last pushed to the group (and
    /// records it as pushed).
    /// </summary>
    public bool TryClaimPush(string group, AggregateSnapshot snapshot)
    {
        // A queue's state is compared whole (a record): who waits changes with no new counts.
        var current = (snapshot.Counts, snapshot.Health, snapshot.Queue);
        var changed = true;
        _lastPushed.AddOrUpdate(group, current, (_, previous) =>
        {
            changed = !previous.Counts.Equals(current.Counts) || previous.Health != current.Health || previous.Queue != current.Queue;
            return current;
        });
        return changed;
    }

    private bool Leave(string group)
    {
        var left = _members[group] - 1;
        if (left == 0)
        {
            _members.Remove(group);
            _lastPushed.TryRemove(group, out _);
        }
        else
        {
            _members[group] = left;
        }

        return true;
    }
}
