using CxGrains.LoadGen;

namespace CxGrains.Bench;

/// <summary>Customers known to be active: the ones the query clients ask for.</summary>
public static class ActiveCustomers
{
    /// <summary>How many customers the query clients spread over.</summary>
    public const int Count = 1000;

    /// <summary>
    /// The <see cref="Count"/> customers with the most acknowledged events in <paramref name="warmup"/>
    /// (run with <see cref="LoadGenSettings.TrackAcked"/>); without that tally, the hottest Zipf ranks
    /// of the generator's synthetic world.
    /// </summary>
    public static IReadOnlyList<string> From(LoadGenResult warmup, int customers)
    {
        ArgumentNullException.ThrowIfNull(warmup);
        if (warmup.AckedByCustomer is { Count: > 0 } acked)
        {
            return [.. acked.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(Count).Select(p => p.Key)];
        }

        var channels = new SyntheticChannels(new SyntheticOptions { Customers = customers });
        return [.. Enumerable.Range(1, Math.Min(Count, customers)).Select(channels.CustomerId)];
    }
}
