namespace CxGrains.LoadGen.Tests;

[Trait("Tier", "Fast")]
public sealed class LatencyHistogramTests
{
    [Fact]
    public void Every_value_lands_in_a_bucket_that_contains_it_within_the_stated_precision()
    {
        for (long v = 0; v < 1L << 39; v = v < 200 ? v + 1 : v + v / 7 + 1)
        {
            var index = LatencyHistogram.IndexOf(v);
            Assert.InRange(index, 0, LatencyHistogram.BucketCount - 1);
            Assert.InRange(v, LatencyHistogram.LowerBound(index), LatencyHistogram.UpperBound(index));
            Assert.True(LatencyHistogram.UpperBound(index) - LatencyHistogram.LowerBound(index) <= Math.Max(0, v / 32.0));
        }
    }

    [Fact]
    public void Percentiles_are_within_the_bucket_precision()
    {
        var histogram = new LatencyHistogram();
        for (var micros = 1; micros <= 100_000; micros++)
        {
            histogram.RecordMicroseconds(micros);
        }

        var summary = histogram.Summarize();

        Assert.Equal(100_000, summary.Count);
        Assert.InRange(summary.P50Ms, 50.0, 50.0 * 1.032);
        Assert.InRange(summary.P90Ms, 90.0, 90.0 * 1.032);
        Assert.InRange(summary.P99Ms, 99.0, 99.0 * 1.032);
        Assert.Equal(100.0, summary.MaxMs);
        Assert.Equal(50.0005, summary.MeanMs, precision: 6);
    }

    [Fact]
    public void An_interval_is_the_difference_of_two_snapshots()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(TimeSpan.FromMilliseconds(1));
        var before = histogram.Snapshot();
        histogram.Record(TimeSpan.FromMilliseconds(20));
        histogram.Record(TimeSpan.FromMilliseconds(20));

        var interval = LatencyHistogram.Summarize(histogram.Snapshot(), before);

        Assert.Equal(2, interval.Count);
        Assert.InRange(interval.P50Ms, 20.0, 20.0 * 1.032);
        Assert.Same(LatencySummary.Empty, LatencyHistogram.Summarize(before, before));
    }

    [Fact]
    public void Concurrent_recording_loses_nothing()
    {
        var histogram = new LatencyHistogram();

        Parallel.For(0, 100_000, i => histogram.RecordMicroseconds(i % 5_000));

        Assert.Equal(100_000, histogram.Summarize().Count);
        Assert.Equal(4.999, histogram.Summarize().MaxMs);
    }
}
