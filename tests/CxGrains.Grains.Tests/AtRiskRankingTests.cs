using CxGrains.Abstractions;
using CxGrains.Grains.Aggregates;
using CxGrains.Scoring;

namespace CxGrains.Grains.Tests;

/// <summary>The bounded at-risk list of a segment against a brute-force reference that sorts everything.</summary>
[Trait("Tier", "Fast")]
public sealed class AtRiskRankingTests
{
    private static AtRiskEntry Entry(string id, double priority, double health) => new()
    {
        CustomerId = id,
        HealthScore = health,
        Band = health < 40 ? HealthBand.Critical : HealthBand.AtRisk,
        ChurnRisk = 0.5,
        ValueTier = "gold",
        Priority = priority,
    };

    private static List<AtRiskEntry> Reference(IEnumerable<AtRiskEntry> entries) => [.. entries
        .OrderByDescending(e => e.Priority)
        .ThenBy(e => e.HealthScore)
        .ThenBy(e => e.CustomerId, StringComparer.Ordinal)];

    [Fact]
    public void Distinct_customers_keep_exactly_the_top_n_of_all_of_them()
    {
        var random = new Random(7);
        var all = Enumerable.Range(0, 5_000)
            .Select(i => Entry($"c{i}", Math.Round(random.NextDouble() * 3, 2), Math.Round(random.NextDouble() * 60, 1)))
            .ToList();
        var ranking = new AtRiskRanking(new Dictionary<string, AtRiskEntry>(StringComparer.Ordinal), capacity: 100);

        foreach (var entry in all)
        {
            ranking.Upsert(entry);
        }

        Assert.Equal(Reference(all).Take(100), ranking.Top(1_000));
        Assert.Equal(100, ranking.Entries.Count);
        Assert.Equal(Reference(all).Take(10), ranking.Top(10));
    }

    [Fact]
    public void Upserts_and_removals_match_the_reference_applied_with_the_same_bound()
    {
        var random = new Random(11);
        var ranking = new AtRiskRanking(new Dictionary<string, AtRiskEntry>(StringComparer.Ordinal), capacity: 50);
        var reference = new Dictionary<string, AtRiskEntry>(StringComparer.Ordinal);
        for (var step = 0; step < 20_000; step++)
        {
            var id = $"c{random.Next(300)}";
            if (random.Next(4) == 0)
            {
                ranking.Remove(id);
                reference.Remove(id);
            }
            else
            {
                var entry = Entry(id, random.Next(20) / 4.0, random.Next(60)); // ties on priority and health
                ranking.Upsert(entry);
                reference[id] = entry;

                // The reference keeps everything, then forgets what falls below the bound, as the segment does.
                foreach (var dropped in Reference(reference.Values).Skip(50).ToList())
                {
                    reference.Remove(dropped.CustomerId);
                }
            }

            Assert.True(ranking.Entries.Count <= 50);
        }

        Assert.Equal(Reference(reference.Values), ranking.Top(1_000));
        Assert.Equal(reference.Keys.Order(StringComparer.Ordinal), ranking.Entries.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_stored_list_longer_than_the_bound_is_cut_to_its_top_when_indexed()
    {
        var stored = Enumerable.Range(0, 30).ToDictionary(i => $"c{i}", i => Entry($"c{i}", i, 30), StringComparer.Ordinal);
        var ranking = new AtRiskRanking(stored, capacity: 10);

        Assert.Equal(Enumerable.Range(20, 10).Reverse().Select(i => $"c{i}"), ranking.Top(100).Select(e => e.CustomerId));
        Assert.Same(stored, ranking.Entries);
        Assert.Equal(10, stored.Count);
    }
}
