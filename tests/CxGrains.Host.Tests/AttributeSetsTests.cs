using CxGrains.Host.Ingest;
namespace CxGrains.Host.Tests;

/// <summary>Events with equal attributes share one dictionary; different ones never do.</summary>
[Trait("Tier", "Fast")]
public sealed class AttributeSetsTests
{
    [Fact]
    public void Equal_attributes_in_any_order_share_one_dictionary_holding_exactly_them()
    {
        var sets = new AttributeSets();
        var first = sets.Of(Map(("region", "eu"), ("tier", "gold")));
        var again = sets.Of(Map(("tier", "gold"), ("region", "eu")));

        Assert.Same(first, again);
        Assert.Equal(new Dictionary<string, string> { ["region"] = "eu", ["tier"] = "gold" }, first);
    }

    [Fact]
    public void Attributes_that_differ_in_a_value_a_key_or_a_count_get_their_own_dictionary()
    {
        var sets = new AttributeSets();
        var gold = sets.Of(Map(("region", "eu"), ("tier", "gold")));
        var silver = sets.Of(Map(("region", "eu"), ("tier", "silver")));
        var renamed = sets.Of(Map(("region", "eu"), ("plan", "gold")));
        var fewer = sets.Of(Map(("region", "eu")));

        Assert.Equal("silver", silver["tier"]);
        Assert.Equal("gold", renamed["plan"]);
        Assert.Single(fewer);
        Assert.Equal(4, new[] { gold, silver, renamed, fewer }.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Empty(sets.Of([]));
    }

    [Fact]
    public void Values_are_compared_ordinally()
    {
        var sets = new AttributeSets();
        Assert.Equal("EU", sets.Of(Map(("region", "EU")))["region"]);
        Assert.Equal("eu", sets.Of(Map(("region", "eu")))["region"]);
    }

    private static KeyValuePair<string, string>[] Map(params (string Key, string Value)[] pairs) =>
        [.. pairs.Select(p => KeyValuePair.Create(p.Key, p.Value))];
}
