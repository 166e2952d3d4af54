using Xunit.Abstractions;

namespace CxGrains.Bench.Tests;

/// <summary>
/// Runs the benchmark's phases for a few seconds against real silo processes (the built host) and
/// checks that what it reports is sane: events acknowledged, nothing rejected or lost, ratios and
/// targets computed from the runs' own values.
/// </summary>
public sealed class BenchSmokeTests(ITestOutputHelper output)
{
    private static readonly BenchOptions Smoke = BenchOptions.Quick with
    {
        Profile = "smoke",
        Runs = 1,
        Warmup = TimeSpan.FromSeconds(1),
        Measure = TimeSpan.FromSeconds(2),
        PerEventMeasure = TimeSpan.FromSeconds(1),
        Customers = 2_000,
        PushSamples = 1,
        UpdateDocs = false,
    };

    [Fact]
    public async Task Bare_sink_and_applied_runs_report_acked_events_ratios_and_query_latencies()
    {
        var report = await RunAsync(Smoke with { Phases = BenchPhases.Bare | BenchPhases.Applied });

        // Bare sink: warm-up and peak; applied: activation pass, warm-up, peak and half.
        AssertLoadRunsClean(report, expectedRuns: 6);
        var activation = Assert.Single(report.LoadRuns, r => r.Phase == "applied" && r.Kind == "activate");
        Assert.Equal(Smoke.Customers, activation.Result.EventsAcknowledged);
        Assert.True(activation.Settings.CustomersInTurn);
        AssertCostsRecorded(report, ("bare", "peak"), ("applied", "peak"), ("applied", "half"));
        var bare = Figure(report, Figures.BareThroughput);
        var applied = Figure(report, Figures.AppliedThroughput);
        Assert.True(bare.Median > 0, "the bare sink acknowledged nothing");
        Assert.True(applied.Median > 0, "the applied silo acknowledged nothing");

        // Ratios are the figure's median over the bare sink's, both taken from the runs themselves.
        var barePeak = Assert.Single(report.LoadRuns, r => r.Phase == "bare" && r.Kind == "peak").Result.EventsPerSecond;
        var appliedPeak = Assert.Single(report.LoadRuns, r => r.Phase == "applied" && r.Kind == "peak").Result.EventsPerSecond;
        Assert.Equal(appliedPeak, applied.Median!.Value, 6);
        Assert.Equal(appliedPeak / barePeak, applied.RatioToBareSink!.Value, 6);
        Assert.Equal(1.0, bare.RatioToBareSink!.Value, 6);
        Assert.Equal(applied.Median >= 100_000, applied.Met);

        // The half-peak run was asked for half of the peak just measured.
        var half = Assert.Single(report.LoadRuns, r => r.Phase == "applied" && r.Kind == "half");
        Assert.Equal(Math.Round(appliedPeak / 2), Math.Round(half.Settings.Rate));

        foreach (var (p50, p99) in new[] { (Figures.QueryGrpcP50, Figures.QueryGrpcP99), (Figures.QueryJsonP50, Figures.QueryJsonP99) })
        {
            var median = Figure(report, p50).Median;
            var tail = Figure(report, p99).Median;
            Assert.True(median > 0 && tail >= median, $"{p50.Label}: p50 {median}, p99 {tail}");
        }

        Assert.DoesNotContain(report.Warnings, w => w.Contains("queries", StringComparison.Ordinal));

        // Until the host has the SignalR hub the push figure says why it is missing instead of a number.
        var push = Figure(report, Figures.PushP99);
        Assert.True(push.Median is > 0 || push.Note?.StartsWith("not measured", StringComparison.Ordinal) == true, push.Note);

        // The results file reads back into the same figures (docs can be re-rendered from it).
        var file = Path.Combine(Path.GetTempPath(), $"cx-bench-smoke-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(file, ReportFiles.ToJson(report));
            var stored = await ReportFiles.ReadAsync(file, CancellationToken.None);
            Assert.Equal(report.Figures.Select(f => (f.Key, f.Median, f.RatioToBareSink, f.Met)), stored.Figures.Select(f => (f.Key, f.Median, f.RatioToBareSink, f.Met)));
            Assert.Equal(report.LoadRuns.Count, stored.LoadRuns.Count);
            Assert.Equal(report.LoadRuns.Select(r => r.Cost!.SiloCpuMicrosPerEvent), stored.LoadRuns.Select(r => r.Cost!.SiloCpuMicrosPerEvent));
            Assert.Equal(report.LoadRuns.Select(r => r.Cost!.Generator), stored.LoadRuns.Select(r => r.Cost!.Generator));
            Assert.Equal(report.Costs.Select(f => (f.Key, f.Median, f.Min, f.Max)), stored.Costs.Select(f => (f.Key, f.Median, f.Min, f.Max)));
            var json = await File.ReadAllTextAsync(file);
            foreach (var field in new[] { "\"cost\"", "\"siloCores\"", "\"siloCpuMicrosPerEvent\"", "\"allocatedBytesPerEvent\"", "\"gcPausePercent\"", "\"gcCollections\"", "\"generatorCores\"", "\"costs\"" })
            {
                Assert.Contains(field, json, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(file);
        }

        var section = ResultsMarkdown.Section(report, "bench/results/smoke.json");
        Assert.Contains(Figures.AppliedThroughput.Label, section, StringComparison.Ordinal);
        Assert.Contains(applied.RatioToBareSink.Value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), section, StringComparison.Ordinal);

        // The second table: one row per measured run, its silo CPU per event taken from the run's cost.
        Assert.Contains("### Where the time goes", section, StringComparison.Ordinal);
        var appliedCpu = Cost(report, "applied", "peak", CostFigures.SiloCpuPerEvent).Median!.Value;
        var row = Assert.Single(section.Split('\n'), l => l.StartsWith("| Applied at peak |", StringComparison.Ordinal));
        Assert.Contains(appliedCpu.ToString(appliedCpu < 10 ? "0.00" : "N1", System.Globalization.CultureInfo.InvariantCulture) + " µs", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Durable_runs_on_a_throwaway_postgres_report_the_batching_gain_over_one_write_per_event()
    {
        // Two repetitions: each measures everything again on the same database.
        var report = await RunAsync(Smoke with { Phases = BenchPhases.Durable, Runs = 2 });

        // Activation pass, warm-up, then peak and half twice; one write per event is written straight to PostgreSQL, not loaded.
        AssertLoadRunsClean(report, expectedRuns: 6);
        var activation = Assert.Single(report.LoadRuns, r => r.Phase == "durable" && r.Kind == "activate");
        Assert.Equal(Smoke.Customers, activation.Result.EventsAcknowledged);
        Assert.True(activation.Settings.CustomersInTurn);
        AssertCostsRecorded(report, ("durable", "peak"), ("durable", "half"));
        Assert.False(string.IsNullOrEmpty(report.Versions.Postgres));

        // The gain of each repetition is its own peak over its own one-write-per-event rate.
        var durable = Figure(report, Figures.DurableThroughput).Runs;
        var perEvent = Figure(report, Figures.DurablePerEventThroughput).Runs;
        var gain = Figure(report, Figures.DurableBatchingGain);
        Assert.Equal(2, perEvent.Count);
        Assert.All(durable.Concat(perEvent), rate => Assert.True(rate > 0));
        Assert.Equal(durable.Zip(perEvent, (d, p) => d / p), gain.Runs, (x, y) => Math.Abs(x - y) < 1e-9);

        // The journal's figures come from the silo's own counters over each peak run.
        var peaks = report.LoadRuns.Where(r => r.Phase == "durable" && r.Kind == "peak").Select(r => r.Cost!.JournalCommitsPerSecond!.Value);
        Assert.Equal(peaks, Figure(report, Figures.DurableJournalCommits).Runs, (x, y) => Math.Abs(x - y) < 1e-9);
        Assert.InRange(Figure(report, Figures.DurableJournalBytes).Median!.Value, 50, 5_000);
        Assert.True(Figure(report, Figures.DurableJournalCommits).Median > 0);
        Assert.Equal(gain.Median >= 4, gain.Met);
    }

    private async Task<BenchReport> RunAsync(BenchOptions options)
    {
        using var progress = new StringWriter();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            return await new BenchRunner(RepoLayout.Find(), options, progress).RunAsync(timeout.Token);
        }
        finally
        {
            output.WriteLine(progress.ToString());
        }
    }

    private static void AssertLoadRunsClean(BenchReport report, int expectedRuns)
    {
        Assert.Equal(expectedRuns, report.LoadRuns.Count);
        foreach (var run in report.LoadRuns)
        {
            var r = run.Result;
            var name = $"{run.Phase} {run.Kind}";
            Assert.True(r.EventsAcknowledged > 0, $"{name}: nothing acknowledged");
            Assert.True(r.Rejected == 0, $"{name}: {r.Rejected} rejected");
            Assert.True(r.UnackedEvents == 0, $"{name}: {r.UnackedEvents} never acknowledged");
            Assert.Equal(r.EventsSent, r.Accepted);
            Assert.True(r.EventsPerSecond > 0 && r.AckLatency.P99Ms >= r.AckLatency.P50Ms, $"{name}: {r.EventsPerSecond} ev/s, p50 {r.AckLatency.P50Ms}, p99 {r.AckLatency.P99Ms}");
        }

        Assert.DoesNotContain(report.Warnings, w => w.Contains("rejected", StringComparison.Ordinal) || w.Contains("acknowledged", StringComparison.Ordinal));
    }

    /// <summary>
    /// Every load run carries its cost, read from the silo's counters and the generator's CPU,
    /// consistent with the run's own event count and wall time; each measured run's cost is a figure.
    /// </summary>
    private static void AssertCostsRecorded(BenchReport report, params (string Phase, string Kind)[] measured)
    {
        foreach (var run in report.LoadRuns)
        {
            var name = $"{run.Phase} {run.Kind}";
            var cost = run.Cost ?? throw new Xunit.Sdk.XunitException($"{name}: no cost recorded");
            Assert.Equal(run.Result.EventsAcknowledged, cost.EventsAcknowledged);
            Assert.Equal(run.Result.ElapsedSeconds, cost.WallSeconds);
            Assert.True(cost.WindowSeconds >= cost.WallSeconds, $"{name}: readings {cost.WindowSeconds} s apart, run {cost.WallSeconds} s");
            Assert.True(cost.SiloCpuSeconds > 0 && cost.AllocatedBytes > 0, $"{name}: silo CPU {cost.SiloCpuSeconds} s, allocated {cost.AllocatedBytes} B");
            Assert.Equal(cost.SiloCpuSeconds!.Value * 1e6 / cost.EventsAcknowledged, cost.SiloCpuMicrosPerEvent!.Value, 6);
            Assert.Equal(cost.SiloCpuSeconds.Value / cost.WallSeconds, cost.SiloCores!.Value, 6);
            Assert.Equal(cost.AllocatedBytes!.Value / cost.EventsAcknowledged, cost.AllocatedBytesPerEvent!.Value, 6);
            Assert.InRange(cost.GcPauseSeconds!.Value, 0, cost.WindowSeconds);
            Assert.Equal(cost.GcPauseSeconds.Value * 100 / cost.WallSeconds, cost.GcPausePercent!.Value, 6);
            Assert.Subset(cost.GcCollections.Keys.ToHashSet(), CostFigures.Generations.ToHashSet());
            Assert.All(cost.GcCollections.Values, n => Assert.True(n >= 0, $"{name}: negative collection count"));
            Assert.NotNull(cost.LockContentions);

            if (!OperatingSystem.IsLinux())
            {
                Assert.Null(cost.Generator);
                continue;
            }

            var generator = cost.Generator ?? throw new Xunit.Sdk.XunitException($"{name}: no generator CPU");
            Assert.True(generator.TotalSeconds >= generator.StartupSeconds && generator.RunSeconds > 0, $"{name}: generator {generator}");
            Assert.Equal(generator.RunSeconds / cost.WallSeconds, cost.GeneratorCores!.Value, 6);

            // The whole machine was busy at least as long as the generator, whose whole life lies in the window.
            var machineBusySeconds = cost.MachineBusyCores!.Value * cost.WindowSeconds;
            Assert.True(machineBusySeconds >= generator.TotalSeconds - 0.05, $"{name}: machine busy {machineBusySeconds} s, generator {generator.TotalSeconds} s");
        }

        foreach (var (phase, kind) in measured)
        {
            var runs = report.LoadRuns.Where(r => r.Phase == phase && r.Kind == kind && r.Repetition > 0).ToList();
            Assert.NotEmpty(runs);
            Assert.Equal(runs.Select(r => r.Cost!.SiloCpuMicrosPerEvent!.Value), Cost(report, phase, kind, CostFigures.SiloCpuPerEvent).Runs);
            Assert.Equal(runs.Select(r => r.Cost!.GcCollections["gen0"]), Cost(report, phase, kind, CostFigures.Gc("gen0")).Runs);
        }

        // Warm-ups are recorded with their cost but are no figure.
        Assert.DoesNotContain(report.Costs, f => f.Key.Contains(".warmup.", StringComparison.Ordinal));
    }

    private static FigureSummary Cost(BenchReport report, string phase, string kind, string measure) =>
        report.Costs.SingleOrDefault(f => f.Key == CostFigures.Key(phase, kind, measure)) ?? throw new Xunit.Sdk.XunitException($"{CostFigures.Key(phase, kind, measure)} missing from the report");

    private static FigureSummary Figure(BenchReport report, FigureDefinition figure) =>
        report.Figures.SingleOrDefault(f => f.Key == figure.Key) ?? throw new Xunit.Sdk.XunitException($"{figure.Key} missing from the report");
}
