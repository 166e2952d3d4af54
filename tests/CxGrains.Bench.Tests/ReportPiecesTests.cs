using System.Globalization;

namespace CxGrains.Bench.Tests;

/// <summary>The orchestrator's pure pieces: medians, ratios, the docs section, the memory probe's report.</summary>
[Trait("Tier", "Fast")]
public sealed class ReportPiecesTests
{
    [Theory]
    [InlineData(new[] { 3.0 }, 3.0)]
    [InlineData(new[] { 5.0, 1.0, 3.0 }, 3.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    public void Median_is_the_middle_value_or_the_mean_of_the_middle_two(double[] values, double expected) =>
        Assert.Equal(expected, FigureSet.Median(values));

    [Fact]
    public void Summaries_take_median_min_max_and_the_ratio_to_the_bare_sink_median()
    {
        var set = new FigureSet();
        double[] bare = [100_000, 120_000, 90_000];
        double[] applied = [30_000, 45_000, 36_000];
        foreach (var (b, a) in bare.Zip(applied))
        {
            set.Add(Figures.BareThroughput, b);
            set.Add(Figures.AppliedThroughput, a);
        }

        set.Note(Figures.PushP99, "not measured: no hub");
        var summaries = set.Summarise();

        var appliedSummary = Assert.Single(summaries, s => s.Key == Figures.AppliedThroughput.Key);
        Assert.Equal(applied.Order().ElementAt(1), appliedSummary.Median);
        Assert.Equal(applied.Min(), appliedSummary.Min);
        Assert.Equal(applied.Max(), appliedSummary.Max);
        Assert.Equal(applied.Order().ElementAt(1) / bare.Order().ElementAt(1), appliedSummary.RatioToBareSink!.Value, 9);
        Assert.False(appliedSummary.Met);
        var push = Assert.Single(summaries, s => s.Key == Figures.PushP99.Key);
        Assert.Null(push.Median);
        Assert.Null(push.Met);
        Assert.DoesNotContain(summaries, s => s.Key == Figures.MemoryPerGrain.Key);
    }

    [Fact]
    public void Replacing_the_section_keeps_every_other_section()
    {
        const string document = "# Benchmarks\n\nintro\n\n## Scoring core\n\nkeep 1\n\n## End-to-end ingest\n\nNot measured yet.\n\n## Memory\n\nkeep 2\n";
        var updated = ResultsMarkdown.ReplaceSection(document, "## End-to-end ingest\n\nnew table\n\n");

        Assert.Equal("# Benchmarks\n\nintro\n\n## Scoring core\n\nkeep 1\n\n## End-to-end ingest\n\nnew table\n\n## Memory\n\nkeep 2\n", updated);
        Assert.Equal(updated, ResultsMarkdown.ReplaceSection(updated, "## End-to-end ingest\n\nnew table\n\n"));
    }

    [Fact]
    public void The_memory_probe_report_is_parsed_with_thousands_separators()
    {
        const int customers = 1_000_000;
        const double perGrain = 4812;
        const double rate = 4900;
        var c = CultureInfo.InvariantCulture;

        // The lines bench/CxGrains.GrainMemory prints, formatted as it formats them.
        var output = string.Join('\n',
            string.Create(c, $"customers: {customers:N0}"),
            string.Create(c, $"activation + first event: {rate:N0}/s ({customers / rate:N1} s)"),
            "heap before: 50.0 MiB, after: 4,639.1 MiB",
            string.Create(c, $"heap per active customer grain: {perGrain:N0} bytes ({perGrain / 1024:N2} KiB), Orleans' share included"));

        Assert.Equal(new GrainMemoryResult(customers, perGrain, rate), GrainMemoryProbe.Parse(output));
        Assert.Throws<FormatException>(() => GrainMemoryProbe.Parse("something else"));
    }
}
