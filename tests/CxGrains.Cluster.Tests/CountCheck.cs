using System.Globalization;

namespace CxGrains.Cluster.Tests;

/// <summary>What the clients had acked against what the cluster counted, per key.</summary>
internal sealed record CountCheck(string What, IReadOnlyDictionary<string, long> Acked, IReadOnlyDictionary<string, long> Counted)
{
    /// <summary>Keys whose counts differ.</summary>
    public IReadOnlyList<string> Mismatched { get; } =
        [.. Acked.Keys.Union(Counted.Keys).Where(k => Acked.GetValueOrDefault(k) != Counted.GetValueOrDefault(k)).Order(StringComparer.Ordinal)];

    /// <summary>Acked events the cluster does not have.</summary>
    public long Lost => Acked.Sum(kv => Math.Max(0, kv.Value - Counted.GetValueOrDefault(kv.Key)));

    /// <summary>Events the cluster counted beyond what was acked (counted twice).</summary>
    public long Extra => Counted.Sum(kv => Math.Max(0, kv.Value - Acked.GetValueOrDefault(kv.Key)));

    public long TotalAcked => Acked.Values.Sum();

    public bool Exact => Mismatched.Count == 0;

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var head = string.Create(c, $"{What}: {Acked.Count} keys, {TotalAcked} acked events; {Mismatched.Count} keys differ, {Lost} events lost, {Extra} counted twice");
        return Mismatched.Count == 0
            ? head
            : head + string.Create(c, $" (first: {string.Join(", ", Mismatched.Take(8).Select(k => $"{k} acked {Acked.GetValueOrDefault(k)} counted {Counted.GetValueOrDefault(k)}"))})");
    }

    /// <summary>Sum of two phases' tallies.</summary>
    public static Dictionary<string, long> Sum(IReadOnlyDictionary<string, long> a, IReadOnlyDictionary<string, long> b)
    {
        var sum = new Dictionary<string, long>(a, StringComparer.Ordinal);
        foreach (var (key, value) in b)
        {
            sum[key] = sum.GetValueOrDefault(key) + value;
        }

        return sum;
    }

    /// <summary>Per-key difference <paramref name="after"/> − <paramref name="before"/>.</summary>
    public static Dictionary<string, long> Difference(IReadOnlyDictionary<string, long> after, IReadOnlyDictionary<string, long> before) =>
        after.ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key), StringComparer.Ordinal);
}
