namespace CxGrains.Scoring.Tests;

[Trait("Tier", "Fast")]
public sealed class SegmentKeyPlannerTests
{
    private static readonly SegmentKeyPlanner Planner = new(["region", "tier", "product", "channel", "stage"], [["tier", "channel"]]);

    [Fact]
    public void Keys_are_all_then_single_dimensions_then_pairs()
    {
        var keys = Planner.KeysFor(new Dictionary<string, string> { ["region"] = "EU", ["tier"] = "gold", ["channel"] = "PHONE", ["colour"] = "red" });
        Assert.Equal(["all", "channel=PHONE", "region=EU", "tier=gold", "channel=PHONE|tier=gold"], keys);
    }

    [Fact]
    public void A_pair_needs_both_values()
    {
        var keys = Planner.KeysFor(new Dictionary<string, string> { ["tier"] = "gold", ["stage"] = "purchase", ["channel"] = "" });
        Assert.Equal(["all", "stage=purchase", "tier=gold"], keys);
        Assert.Equal(["all"], Planner.KeysFor(new Dictionary<string, string>()));
    }

    [Fact]
    public void Canonical_sorts_by_name_and_joins_with_bars()
    {
        Assert.Equal("all", SegmentKeyPlanner.Canonical([]));
        Assert.Equal("region=EU", SegmentKeyPlanner.Canonical([new("region", "EU")]));
        Assert.Equal("channel=PHONE|tier=gold", SegmentKeyPlanner.Canonical([new("tier", "gold"), new("channel", "PHONE")]));

        // Ordinal: upper case sorts before lower case.
        Assert.Equal("Zone=1|alpha=2", SegmentKeyPlanner.Canonical([new("alpha", "2"), new("Zone", "1")]));
        Assert.Throws<ArgumentException>(() => SegmentKeyPlanner.Canonical([new("tier", "gold"), new("tier", "silver")]));
        Assert.Throws<ArgumentException>(() => SegmentKeyPlanner.Canonical([new("tier", "a|b")]));
        Assert.Throws<ArgumentException>(() => SegmentKeyPlanner.Canonical([new("", "x")]));
    }

    [Theory]
    [InlineData("all")]
    [InlineData("region=EU")]
    [InlineData("channel=PHONE|tier=gold")]
    [InlineData("a=1|b=2|c=3")]
    public void Canonical_keys_parse_and_rebuild(string key)
    {
        Assert.True(SegmentKeyPlanner.TryParse(key, out var parts, out var error), error);
        Assert.Null(error);
        Assert.Equal(key, SegmentKeyPlanner.Canonical(parts));
    }

    [Theory]
    [InlineData("")]
    [InlineData("region")]
    [InlineData("=EU")]
    [InlineData("region=")]
    [InlineData("region=EU|")]
    [InlineData("|region=EU")]
    [InlineData("tier=gold|channel=PHONE")]
    [InlineData("tier=gold|tier=silver")]
    [InlineData("region=E=U")]
    [InlineData("all=1")]
    [InlineData("ALL")]
    public void Invalid_or_non_canonical_keys_are_rejected_with_a_reason(string key)
    {
        Assert.False(SegmentKeyPlanner.TryParse(key, out var parts, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Empty(parts);
    }

    [Fact]
    public void Planner_rejects_bad_configuration()
    {
        Assert.Throws<ArgumentException>(() => new SegmentKeyPlanner(["region", "region"], []));
        Assert.Throws<ArgumentException>(() => new SegmentKeyPlanner(["re|gion"], []));
        Assert.Throws<ArgumentException>(() => new SegmentKeyPlanner(["tier"], [["tier"]]));
        Assert.Throws<ArgumentException>(() => new SegmentKeyPlanner(["tier"], [["tier", "tier"]]));
    }

    [Fact]
    public void A_pair_listed_in_either_order_plans_one_canonical_key()
    {
        var planner = new SegmentKeyPlanner(["channel", "tier"], [["tier", "channel"], ["channel", "tier"]]);
        var keys = planner.KeysFor(new Dictionary<string, string> { ["tier"] = "gold", ["channel"] = "WEB" });
        Assert.Equal(["all", "channel=WEB", "tier=gold", "channel=WEB|tier=gold"], keys);
    }
}
