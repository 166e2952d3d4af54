using System.Globalization;

namespace CxGrains.Bench.Tests;

/// <summary>
/// The /metrics scraper, against the text a real silo process serves: every metric the benchmark
/// turns into a run's cost is there and reads back as the sum of its sample lines, in any culture.
/// </summary>
public sealed class SiloCountersTests
{
    private static readonly string[] CostMetrics =
    [
        SiloCounters.CpuSeconds, SiloCounters.AllocatedBytes, SiloCounters.GcPauseSeconds, SiloCounters.GcCollections, SiloCounters.LockContentions,
    ];

    private static readonly string[] CpuModes = ["system", "user"];

    private static readonly string[] PauseBounds = ["0.01", "0.1", "1", "+Inf"];

    [Fact]
    public async Task A_real_silo_exports_every_cost_metric_and_each_reads_as_the_sum_of_its_sample_lines()
    {
        var keys = BenchKeys.Create();
        await using var silo = await SiloProcess.StartAsync(RepoLayout.Find(), SiloMode.BareSink, keys, null, CancellationToken.None);
        using var http = new HttpClient();
        var first = await RawMetricsAsync(http, silo, keys);
        var text = await RawMetricsAsync(http, silo, keys);
        var counters = SiloCounters.Parse(text);

        var sampleLines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(sampleLines.Count, counters.Samples.Count);
        foreach (var metric in CostMetrics)
        {
            // Independently of the parser: the last field of each line of the metric, summed.
            var lines = sampleLines.Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal)).ToList();
            Assert.True(lines.Count > 0, $"the host does not export {metric}");
            var expected = lines.Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
            Assert.Equal(expected, counters.Sum(metric)!.Value, 9);
        }

        // CPU time comes as user + system; collections per generation.
        var modes = counters.SumBy(SiloCounters.CpuSeconds, "cpu_mode");
        Assert.Equal(CpuModes, modes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(counters.Sum(SiloCounters.CpuSeconds)!.Value, modes.Values.Sum(), 9);
        var generations = counters.SumBy(SiloCounters.GcCollections, SiloCounters.GenerationLabel);
        Assert.Subset(generations.Keys.ToHashSet(), CostFigures.Generations.ToHashSet());

        // Absent metrics read as absent, not as zero.
        Assert.Null(counters.Sum("cx_no_such_metric_total"));
        Assert.Empty(counters.SumBy("cx_no_such_metric_total", "kind"));

        // Counters only grow between two readings, and the silo spent CPU and allocated serving the first.
        var earlier = SiloCounters.Parse(first);
        foreach (var metric in CostMetrics)
        {
            Assert.True(counters.Sum(metric) >= earlier.Sum(metric), $"{metric} went from {earlier.Sum(metric)} to {counters.Sum(metric)}");
        }

        Assert.True(counters.Sum(SiloCounters.CpuSeconds) > 0 && counters.Sum(SiloCounters.AllocatedBytes) > 0);

        // The silo's single pauses: since it started it collected at least once, each pause within the histogram.
        Assert.InRange(counters.LargestObservationBound(SiloCounters.GcPauseBuckets, SiloCounters.Parse(""))!.Value, 0.001, 10);

        // A decimal comma in the current culture does not change a value (built by hand: the test
        // host may run in globalization-invariant mode, without named cultures).
        var culture = CultureInfo.CurrentCulture;
        var decimalComma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        decimalComma.NumberFormat.NumberDecimalSeparator = ",";
        decimalComma.NumberFormat.NumberGroupSeparator = ".";
        try
        {
            CultureInfo.CurrentCulture = decimalComma;
            var commaRead = SiloCounters.Parse(text);
            Assert.Equal(counters.Samples.Select(s => s.Value), commaRead.Samples.Select(s => s.Value));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Label_values_with_escapes_braces_and_spaces_timestamps_and_infinities_parse()
    {
        var counters = SiloCounters.Parse(string.Join('\n',
            "# TYPE cx_demo_total counter",
            "cx_demo_total{path=\"a b}\\\"c\\\\\",kind=\"x\"} 1.5 1700000000000",
            "cx_demo_total{kind=\"y\",} 2e3",
            "cx_plain 7",
            "cx_bucket{le=\"+Inf\"} +Inf",
            ""));

        Assert.Equal(4, counters.Samples.Count);
        Assert.Equal("a b}\"c\\", counters.Samples[0].Labels["path"]);
        Assert.Equal(1.5 + 2e3, counters.Sum("cx_demo_total"));
        Assert.Equal(new[] { KeyValuePair.Create("x", 1.5), KeyValuePair.Create("y", 2e3) }, counters.SumBy("cx_demo_total", "kind").ToArray());
        Assert.Equal(7, counters.Sum("cx_plain"));
        Assert.Equal(double.PositiveInfinity, counters.Sum("cx_bucket"));
        Assert.Throws<FormatException>(() => SiloCounters.Parse("cx_broken{kind=\"x} 1"));
        Assert.Throws<FormatException>(() => SiloCounters.Parse("cx_broken one"));
    }

    [Fact]
    public void The_longest_observation_between_two_readings_is_bounded_by_the_first_bucket_holding_all_of_them()
    {
        static SiloCounters Reading(params double[] cumulative) => SiloCounters.Parse(string.Join('\n',
            PauseBounds.Select((le, i) => $"cx_pause_seconds_bucket{{otel_scope_name=\"x\",le=\"{le}\"}} {cumulative[i]}")));

        var start = Reading(3, 5, 5, 5);

        // Two more pauses under 10 ms and one of 10–100 ms: at most 100 ms, though a longer one came before.
        Assert.Equal(0.1, Reading(5, 8, 8, 8).LargestObservationBound("cx_pause_seconds_bucket", start));
        Assert.Equal(0.01, Reading(4, 6, 6, 6).LargestObservationBound("cx_pause_seconds_bucket", start));
        Assert.Equal(1, Reading(3, 5, 6, 6).LargestObservationBound("cx_pause_seconds_bucket", start));

        // Nothing observed, beyond the last finite bound, or no such histogram: no figure.
        Assert.Null(start.LargestObservationBound("cx_pause_seconds_bucket", start));
        Assert.Null(Reading(3, 5, 5, 6).LargestObservationBound("cx_pause_seconds_bucket", start));
        Assert.Null(start.LargestObservationBound("cx_no_such_seconds_bucket", start));
    }

    private static async Task<string> RawMetricsAsync(HttpClient http, SiloProcess silo, BenchKeys keys)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(silo.HttpUrl, "/metrics"));
        request.Headers.Add("x-api-key", keys.Reader);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
