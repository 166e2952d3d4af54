using System.Collections.Concurrent;

namespace CxGrains.Host.Ingest;

/// <summary>
/// Hands out one shared, read-only list per distinct list of NPS reason codes (same codes, same order), so
/// converting an answer costs a lookup instead of a new list and new strings: channels send codes from a
/// short vocabulary. A customer keeps its last answer's codes for as long as it is active, so shared lists
/// also keep a million customers from holding a copy each, and keep each answer from leaving young objects
/// in old customer state for the next collection to trace. Bounded like <see cref="AttributeSets"/>: once full,
/// new lists are simply copied.
/// </summary>
public sealed class ReasonCodeLists
{
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string[], string[]> _lists;
    private readonly ConcurrentDictionary<string[], string[]>.AlternateLookup<IReadOnlyList<string>> _byCodes;

    /// <summary>Creates an empty pool.</summary>
    public ReasonCodeLists()
    {
        _lists = new(ListComparer.Instance);
        _byCodes = _lists.GetAlternateLookup<IReadOnlyList<string>>();
    }

    /// <summary>The shared list equal to <paramref name="codes"/>. Callers must not change it.</summary>
    public IReadOnlyList<string> Of(IReadOnlyList<string> codes)
    {
        if (codes.Count == 0)
        {
            return [];
        }

        if (_byCodes.TryGetValue(codes, out var shared))
        {
            return shared;
        }

        var copy = ListComparer.Instance.Create(codes);
        return _lists.Count < Capacity ? _lists.GetOrAdd(copy, copy) : copy;
    }

    // Ordinal, element by element: a list of codes is kept in the order it was sent.
    private sealed class ListComparer :
        IEqualityComparer<string[]>,
        IAlternateEqualityComparer<IReadOnlyList<string>, string[]>
    {
        public static readonly ListComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && Equals((IReadOnlyList<string>)x, y));

        public int GetHashCode(string[] list) => GetHashCode((IReadOnlyList<string>)list);

        public bool Equals(IReadOnlyList<string> alternate, string[] other)
        {
            if (alternate.Count != other.Length)
            {
                return false;
            }

            for (var i = 0; i < other.Length; i++)
            {
                if (!string.Equals(alternate[i], other[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode(IReadOnlyList<string> alternate)
        {
            var hash = new HashCode();
            for (var i = 0; i < alternate.Count; i++)
            {
                hash.Add(string.GetHashCode(alternate[i], StringComparison.Ordinal));
            }

            return hash.ToHashCode();
        }

        public string[] Create(IReadOnlyList<string> alternate)
        {
            var list = new string[alternate.Count];
            for (var i = 0; i < list.Length; i++)
            {
                list[i] = alternate[i];
            }

            return list;
        }
    }
}
