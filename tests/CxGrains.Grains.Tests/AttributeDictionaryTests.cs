using CxGrains.Grains.Customers;

namespace CxGrains.Grains.Tests;

/// <summary>A customer's attribute set and its stored form.</summary>
[Trait("Tier", "Fast")]
public sealed class AttributeDictionaryTests
{
    [Fact]
    public void Every_write_of_a_set_stores_one_shared_dictionary_with_its_pairs_and_reading_it_back_gives_the_set()
    {
        var set = AttributeDictionary.From(new Dictionary<string, string> { ["region"] = "EU", ["tier"] = "gold" }).With("channel", "WEB");
        var first = new CustomerState { SegmentAttributes = set };
        var second = new CustomerState { SegmentAttributes = set };

        var stored = first.Attributes;

        Assert.Same(stored, second.Attributes);
        Assert.Equal(
            [("channel", "WEB"), ("region", "EU"), ("tier", "gold")],
            stored.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));

        var read = new CustomerState { Attributes = new Dictionary<string, string>(stored) };
        Assert.Equal(set, read.SegmentAttributes);
    }
}
