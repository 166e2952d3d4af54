namespace CxGrains.Bench.Tests;

/// <summary>The orchestrator's arguments: presets, overrides, the custom label, errors and help.</summary>
[Trait("Tier", "Fast")]
public sealed class BenchCommandLineTests
{
    private static BenchArguments Parse(params string[] args)
    {
        Assert.True(BenchCommandLine.TryParse(args, out var arguments, out var error), error);
        return arguments;
    }

    private static BenchOptions Run(params string[] args) => Assert.IsType<BenchOptions>(Parse(args).Run);

    private static string ParseError(params string[] args)
    {
        Assert.False(BenchCommandLine.TryParse(args, out _, out var error));
        return error;
    }

    [Fact]
    public void Quick_and_full_profiles_differ_and_custom_options_are_labelled()
    {
        var full = Run();
        var quick = Run("--quick", "--note", "busy machine");
        var custom = Run("--quick", "--runs", "2", "--phases", "bare,durable");

        Assert.Equal(BenchOptions.Full, full);
        Assert.Equal(("quick", 1, "busy machine"), (quick.Profile, quick.Runs, quick.Note));
        Assert.True(quick.Measure < full.Measure);
        Assert.Equal(("quick-custom", 2, BenchPhases.Bare | BenchPhases.Durable), (custom.Profile, custom.Runs, custom.Phases));
    }

    [Fact]
    public void Options_override_the_quick_preset_wherever_it_stands()
    {
        var run = Run("--runs", "2", "--warmup", "1.5", "--customers", "20,000", "--quick");

        Assert.Equal("quick-custom", run.Profile);
        Assert.Equal((2, TimeSpan.FromSeconds(1.5), 20_000), (run.Runs, run.Warmup, run.Customers));
        Assert.Equal(BenchOptions.Quick.Measure, run.Measure);
        Assert.Equal(BenchOptions.Quick.MemoryCustomers, run.MemoryCustomers);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var run = Run(
            "--runs", "4", "--warmup", "3", "--duration", "7", "--per-event-duration", "2", "--customers", "5000",
            "--memory-customers", "6000", "--push-samples", "9", "--durable-batch", "100", "--durable-in-flight", "2",
            "--phases", "applied, memory", "--pg-fsync", "off", "--queue-share", "0.3", "--note", "@laptop", "--out", "r.json", "--no-docs");

        Assert.Equal("full-custom", run.Profile);
        Assert.Equal((4, 5_000, 6_000, 9, 100, 2), (run.Runs, run.Customers, run.MemoryCustomers, run.PushSamples, run.DurableBatch, run.DurableInFlight));
        Assert.Equal((3.0, 7.0, 2.0), (run.Warmup.TotalSeconds, run.Measure.TotalSeconds, run.PerEventMeasure.TotalSeconds));
        Assert.Equal(BenchPhases.Applied | BenchPhases.Memory, run.Phases);
        Assert.False(run.PostgresFsync);
        Assert.Equal(0.3, run.QueueShare);
        Assert.Equal(("@laptop", "r.json", false), (run.Note, run.OutputPath, run.UpdateDocs));
    }

    [Fact]
    public void Where_the_results_go_does_not_make_a_run_custom() =>
        Assert.Equal("full", Run("--no-docs", "--out", "r.json", "--note", "n").Profile);

    [Fact]
    public void Render_rewrites_the_docs_alone()
    {
        var render = Parse("--render", "bench/results/2026-11-30.json");

        Assert.Equal("bench/results/2026-11-30.json", render.RenderFrom);
        Assert.Null(render.Run);
        Assert.Equal(
            "--render only rewrites docs/benchmarks.md from a results file; it takes no other option",
            ParseError("--render", "r.json", "--no-docs"));
    }

    [Theory]
    [InlineData("--runs 0", "--runs 0: must be positive")]
    [InlineData("--runs x", "--runs x: not a whole number")]
    [InlineData("--customers -5", "--customers -5: must be positive")]
    [InlineData("--warmup 0", "--warmup 0: must be positive seconds")]
    [InlineData("--duration soon", "--duration soon: not a number of seconds")]
    [InlineData("--phases nonsense", "--phases nonsense: unknown phase 'nonsense' (bare, applied, durable, memory)")]
    [InlineData("--phases ,", "--phases ,: no phase")]
    [InlineData("--pg-fsync maybe", "--pg-fsync maybe: on or off")]
    [InlineData("--queue-share 0.95", "--queue-share 0.95: must be between 0 and 0.9")]
    [InlineData("--runs", "--runs needs a value")]
    [InlineData("--runs --quick", "--runs needs a value")]
    [InlineData("--bogus", "Unrecognized command or argument '--bogus'.")]
    [InlineData("--no-docs yes", "Unrecognized command or argument 'yes'.")]
    public void Each_bad_argument_gives_a_clear_error(string commandLine, string expected) =>
        Assert.Equal(expected, ParseError(commandLine.Split(' ')));

    [Fact]
    public void Help_lists_every_option_with_its_meaning_and_default()
    {
        using var output = new StringWriter();

        BenchCommandLine.WriteHelp(output);

        var help = output.ToString();
        string[] flags =
        [
            "--quick", "--runs <n>", "--warmup <s>", "--duration <s>", "--per-event-duration <s>", "--customers <n>",
            "--memory-customers <n>", "--push-samples <n>", "--durable-batch <n>", "--durable-in-flight <n>",
            "--phases <list>", "--pg-fsync <on|off>", "--queue-share <f>", "--note <text>", "--out <file>", "--no-docs",
            "--render <file>", "-h, --help",
        ];
        Assert.All(flags, flag => Assert.Contains(flag, help, StringComparison.Ordinal));
        Assert.Contains("CxGrains.Bench [options]", help, StringComparison.Ordinal);
        Assert.Contains("Repetitions per figure (full 3; quick 1)", help, StringComparison.Ordinal);
        Assert.Contains("Distinct customers of the load generator (full 1,000,000; quick 100,000)", help, StringComparison.Ordinal);
        Assert.Contains("Events per batch in durable mode (default 500)", help, StringComparison.Ordinal);
        Assert.True(Parse("--quick", "-h").ShowHelp);
    }
}
