namespace CxGrains.Scoring.Tests;

[Trait("Tier", "Fast")]
public sealed class NetPromoterScoreTests
{
    [Theory]
    [InlineData(50, 30, 20, 30.0)]
    [InlineData(0, 0, 10, -100.0)]
    [InlineData(10, 0, 0, 100.0)]
    [InlineData(1, 2, 1, 0.0)]
    [InlineData(0, 0, 0, 0.0)]
    public void Score_is_percent_promoters_minus_percent_detractors(long promoters, long passives, long detractors, double expected) =>
        Assert.Equal(expected, NetPromoterScore.Score(promoters, passives, detractors), 9);

    [Fact]
    public void Margin_matches_the_adjusted_wald_formula_for_random_mixes()
    {
        var random = new Random(3);
        for (var i = 0; i < 2000; i++)
        {
            long p = random.Next(0, 500), a = random.Next(0, 500), d = random.Next(0, 500);
            double n = p + a + d + 3;
            double plus = (p + 0.75) / n, minus = (d + 0.75) / n;
            var expected = 1.96 * Math.Sqrt((plus + minus - Math.Pow(plus - minus, 2)) / n) * 100;
            Assert.Equal(expected, NetPromoterScore.Margin95(p, a, d), 9);
        }
    }

    [Fact]
    public void Margin_has_the_sanity_figures_of_the_design()
    {
        // DESIGN.md §1: about ±15 at n = 100 and ±10 at n ≈ 235 at a typical mix.
        Assert.InRange(NetPromoterScore.Margin95(50, 30, 20), 14.5, 15.5);
        Assert.InRange(NetPromoterScore.Margin95(118, 70, 47), 9.5, 10.5);
    }

    [Fact]
    public void Margin_shrinks_as_responses_grow_and_approaches_plain_wald()
    {
        var previous = double.MaxValue;
        foreach (var scale in new[] { 1, 2, 5, 10, 100, 1000 })
        {
            var margin = NetPromoterScore.Margin95(5 * scale, 3 * scale, 2 * scale);
            Assert.True(margin < previous);
            previous = margin;
        }

        // At n = 100 000 the adjustment is negligible: plain Wald for 50/30/20 is 1.96·√((0.7 − 0.09)/n)·100.
        var wald = 1.96 * Math.Sqrt(0.61 / 100_000) * 100;
        Assert.Equal(wald, NetPromoterScore.Margin95(50_000, 30_000, 20_000), 2);
    }
}
