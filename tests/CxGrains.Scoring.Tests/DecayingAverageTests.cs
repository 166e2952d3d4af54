namespace CxGrains.Scoring.Tests;

[Trait("Tier", "Fast")]
public sealed class DecayingAverageTests
{
    private static readonly double HalfLife = TimeSpan.FromDays(30).Ticks;

    [Fact]
    public void Result_does_not_depend_on_arrival_order()
    {
        var random = new Random(17);
        for (var run = 0; run < 500; run++)
        {
            var samples = RandomSamples(random, random.Next(1, 60));
            var inOrder = Build(samples.OrderBy(s => s.At));
            for (var shuffle = 0; shuffle < 3; shuffle++)
            {
                var shuffled = samples.ToArray();
                random.Shuffle(shuffled);
                var other = Build(shuffled);

                Assert.Equal(inOrder.AsOfTicks, other.AsOfTicks);
                AssertRelative(inOrder.WeightedSum, other.WeightedSum);
                AssertRelative(inOrder.Weight, other.Weight);
                var now = inOrder.AsOfTicks + random.NextInt64(TimeSpan.FromDays(60).Ticks);
                AssertRelative(inOrder.Mean(now, HalfLife, 70, 0.5), other.Mean(now, HalfLife, 70, 0.5));
                AssertRelative(inOrder.DecayedWeight(now, HalfLife), other.DecayedWeight(now, HalfLife));
            }
        }
    }

    [Fact]
    public void Matches_the_direct_sum_formula()
    {
        var random = new Random(23);
        for (var run = 0; run < 500; run++)
        {
            var samples = RandomSamples(random, random.Next(1, 60));
            var shuffled = samples.ToArray();
            random.Shuffle(shuffled);
            var average = Build(shuffled);

            // S = Σ xᵢ·2^(−(now − tᵢ)/h), W = Σ 2^(−(now − tᵢ)/h), mean = (S + prior·k) / (W + k).
            var newest = samples.Max(s => s.At);
            var now = newest + random.NextInt64(TimeSpan.FromDays(90).Ticks);
            var s = samples.Sum(x => x.Value * Math.Pow(2, -(now - x.At) / HalfLife));
            var w = samples.Sum(x => Math.Pow(2, -(now - x.At) / HalfLife));
            const double prior = 70, k = 0.5;

            Assert.Equal(newest, average.AsOfTicks);
            AssertRelative(w, average.DecayedWeight(now, HalfLife));
            AssertRelative((s + (prior * k)) / (w + k), average.Mean(now, HalfLife, prior, k));
            AssertRelative(s / w, average.Mean(now, HalfLife, prior, 0));
        }
    }

    [Fact]
    public void One_sample_halves_its_weight_every_half_life()
    {
        var average = default(DecayingAverage);
        Assert.True(average.IsEmpty);
        Assert.Equal(0, average.DecayedWeight(Generators.Epoch, HalfLife));
        Assert.Equal(42, average.Mean(Generators.Epoch, HalfLife, 42, 1));

        average.Add(1, Generators.Epoch, HalfLife);
        Assert.False(average.IsEmpty);
        Assert.Equal(1, average.DecayedWeight(Generators.Epoch, HalfLife), 12);
        Assert.Equal(0.5, average.DecayedWeight(Generators.Epoch + (long)HalfLife, HalfLife), 12);
        Assert.Equal(0.25, average.DecayedWeight(Generators.Epoch + (2 * (long)HalfLife), HalfLife), 12);

        // A query before the newest sample does not inflate the weight.
        Assert.Equal(1, average.DecayedWeight(Generators.Epoch - (long)HalfLife, HalfLife), 12);
    }

    [Fact]
    public void Mean_shrinks_to_the_prior_as_data_ages()
    {
        var average = default(DecayingAverage);
        average.Add(0, Generators.Epoch, HalfLife);
        var previous = average.Mean(Generators.Epoch, HalfLife, 70, 0.5);
        Assert.Equal(70 * 0.5 / 1.5, previous, 9);
        for (var days = 10; days <= 3650; days += 10)
        {
            var mean = average.Mean(Generators.Epoch + TimeSpan.FromDays(days).Ticks, HalfLife, 70, 0.5);
            // Strictly rising while there is something left to forget; afterwards it has arrived at the prior.
            Assert.True(days <= 720 ? mean > previous : mean >= previous);
            Assert.True(mean <= 70);
            previous = mean;
        }

        Assert.Equal(70, previous, 6);
    }

    private static List<(double Value, long At)> RandomSamples(Random random, int count) =>
        Enumerable.Range(0, count)
            .Select(_ => (random.NextDouble() * 100, Generators.Epoch + random.NextInt64(TimeSpan.FromDays(200).Ticks)))
            .ToList();

    private static DecayingAverage Build(IEnumerable<(double Value, long At)> samples)
    {
        var average = default(DecayingAverage);
        foreach (var (value, at) in samples)
        {
            average.Add(value, at, HalfLife);
        }

        return average;
    }

    private static void AssertRelative(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1e-300, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
}
