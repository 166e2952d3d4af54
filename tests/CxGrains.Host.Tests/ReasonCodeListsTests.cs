using CxGrains.Host.Ingest;
using Google.Protobuf.Collections;

namespace CxGrains.Host.Tests;

/// <summary>NPS answers with the same reason codes in the same order share one list; any other list gets its own.</summary>
[Trait("Tier", "Fast")]
public sealed class ReasonCodeListsTests
{
    [Fact]
    public void Equal_codes_in_the_same_order_share_one_list_holding_exactly_them()
    {
        var lists = new ReasonCodeLists();
        var first = lists.Of(Codes("price", "wait_time"));
        var again = lists.Of(Codes("price", "wait_time"));

        Assert.Same(first, again);
        Assert.Equal(["price", "wait_time"], first);
    }

    [Fact]
    public void Codes_that_differ_in_order_case_or_count_get_their_own_list()
    {
        var lists = new ReasonCodeLists();
        var ordered = lists.Of(Codes("price", "wait_time"));
        var reversed = lists.Of(Codes("wait_time", "price"));
        var upper = lists.Of(Codes("PRICE", "wait_time"));
        var fewer = lists.Of(Codes("price"));

        Assert.Equal(["wait_time", "price"], reversed);
        Assert.Equal(["PRICE", "wait_time"], upper);
        Assert.Equal(["price"], fewer);
        Assert.Equal(4, new[] { ordered, reversed, upper, fewer }.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Empty(lists.Of(Codes()));
    }

    [Fact]
    public void Once_full_new_lists_are_copied_and_known_ones_still_shared()
    {
        var lists = new ReasonCodeLists();
        var known = lists.Of(Codes("price"));
        for (var i = 0; i < 20_000; i++)
        {
            Assert.Equal([$"code-{i}"], lists.Of(Codes($"code-{i}")));
        }

        var late = Codes("late");
        Assert.NotSame(lists.Of(late), lists.Of(late));
        Assert.Equal(["late"], lists.Of(late));
        Assert.Same(known, lists.Of(Codes("price")));
    }

    [Fact]
    public void A_shared_list_does_not_follow_later_changes_to_the_codes_it_was_made_from()
    {
        var lists = new ReasonCodeLists();
        var codes = Codes("price");
        var shared = lists.Of(codes);
        codes[0] = "changed";

        Assert.Equal(["price"], shared);
    }

    // The front end's input: the parsed answer's repeated field.
    private static RepeatedField<string> Codes(params string[] codes) => [.. codes];
}
