namespace CxGrains.LoadGen.Tests;

[Trait("Tier", "Fast")]
public sealed class ZipfSamplerTests
{
    [Theory]
    [InlineData(1_000, 1.0)]
    [InlineData(1_000_000, 1.0)]
    [InlineData(50, 1.5)]
    [InlineData(100, 0.5)]
    [InlineData(20, 0.0)]
    public void Rank_frequencies_match_the_definition(int count, double exponent)
    {
        const int samples = 400_000;
        var sampler = new ZipfSampler(count, exponent);
        var random = new SplitMix64(12345);
        var observed = new Dictionary<int, int>();
        for (var i = 0; i < samples; i++)
        {
            var rank = sampler.Sample(ref random);
            Assert.InRange(rank, 1, count);
            observed[rank] = observed.GetValueOrDefault(rank) + 1;
        }

        // P(k) = k^-s / Σ j^-s; check the five most likely ranks within 4 standard deviations.
        var normaliser = Enumerable.Range(1, count).Sum(j => Math.Pow(j, -exponent));
        for (var k = 1; k <= 5; k++)
        {
            var p = Math.Pow(k, -exponent) / normaliser;
            var expected = p * samples;
            var tolerance = 4 * Math.Sqrt(samples * p * (1 - p)) + 1;
            Assert.InRange(observed.GetValueOrDefault(k), expected - tolerance, expected + tolerance);
        }
    }

    [Fact]
    public void A_single_rank_is_always_chosen()
    {
        var sampler = new ZipfSampler(1, 1.0);
        var random = new SplitMix64(1);

        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(1, sampler.Sample(ref random)));
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(10, -0.5)]
    [InlineData(10, double.NaN)]
    public void Invalid_parameters_are_refused(int count, double exponent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfSampler(count, exponent));
}
