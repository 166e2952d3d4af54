using CxGrains.LoadGen.Cli;

namespace CxGrains.LoadGen.Tests;

[Trait("Tier", "Fast")]
public sealed class LoadGenCommandLineTests
{
    private static CommandLineOptions Parse(params string[] args)
    {
        Assert.True(LoadGenCommandLine.TryParse(args, out var options, out var error), error);
        return options;
    }

    private static string ParseError(params string[] args)
    {
        Assert.False(LoadGenCommandLine.TryParse(args, out _, out var error));
        return error;
    }

    [Fact]
    public void No_arguments_give_the_documented_defaults()
    {
        var parsed = Parse();
        var load = parsed.Load;

        Assert.Equal(new Uri("http://127.0.0.1:5000"), load.Url);
        Assert.Equal("dev-ingest-key", load.ApiKey);
        Assert.Equal(1_000_000, load.Synthetic.Customers);
        Assert.Equal(200, load.Synthetic.Touchpoints);
        Assert.Equal(1.0, load.Synthetic.ZipfExponent);
        Assert.False(load.Synthetic.CustomersInTurn);
        Assert.Equal(1, load.Synthetic.Seed);
        Assert.Null(load.Synthetic.RunId);
        Assert.Equal(0, load.Rate);
        Assert.Equal(TimeSpan.FromSeconds(30), load.Duration);
        Assert.Null(load.TotalEvents);
        Assert.Equal(4, load.Streams);
        Assert.Equal(500, load.BatchSize);
        Assert.Equal(8, load.InFlight);
        Assert.False(load.UseSubmit);
        Assert.True(load.Resend);
        Assert.False(load.TrackAcked);
        Assert.False(load.AllowLargeBatches);
        Assert.Null(parsed.JsonPath);
        Assert.False(parsed.Quiet);
        Assert.False(parsed.ShowHelp);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var parsed = Parse(
            "--url", "http://10.0.0.5:7000", "--api-key", "k1", "--customers", "250k", "--touchpoints=50", "--zipf", "1.2",
            "--customers-in-turn", "--seed", "-9", "--run-id", "kill-test.1", "--rate", "150k", "--duration", "2m", "--events", "1m", "--streams", "8",
            "--batch", "2000", "--allow-large", "--in-flight", "16", "--submit", "--no-resend", "--track-acked",
            "--reconnect-attempts", "30", "--ack-timeout", "5s", "--drain", "500ms", "--json", "out.json", "--quiet");
        var load = parsed.Load;

        Assert.Equal(new Uri("http://10.0.0.5:7000"), load.Url);
        Assert.Equal("k1", load.ApiKey);
        Assert.Equal(250_000, load.Synthetic.Customers);
        Assert.Equal(50, load.Synthetic.Touchpoints);
        Assert.Equal(1.2, load.Synthetic.ZipfExponent);
        Assert.True(load.Synthetic.CustomersInTurn);
        Assert.Equal(-9, load.Synthetic.Seed);
        Assert.Equal("kill-test.1", load.Synthetic.RunId);
        Assert.Equal(150_000, load.Rate);
        Assert.Equal(TimeSpan.FromMinutes(2), load.Duration);
        Assert.Equal(1_000_000, load.TotalEvents);
        Assert.Equal(8, load.Streams);
        Assert.Equal(2_000, load.BatchSize);
        Assert.True(load.AllowLargeBatches);
        Assert.Equal(16, load.InFlight);
        Assert.True(load.UseSubmit);
        Assert.False(load.Resend);
        Assert.True(load.TrackAcked);
        Assert.Equal(30, load.MaxReconnectAttempts);
        Assert.Equal(TimeSpan.FromSeconds(5), load.AckTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), load.DrainTimeout);
        Assert.Equal("out.json", parsed.JsonPath);
        Assert.True(parsed.Quiet);
    }

    [Fact]
    public void An_event_count_alone_has_no_time_limit()
    {
        var load = Parse("--events", "5000").Load;

        Assert.Equal(5_000, load.TotalEvents);
        Assert.Null(load.Duration);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_is_recognised_even_beside_other_options(string flag) =>
        Assert.True(Parse("--streams", "2", flag).ShowHelp);

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("1.5s", 1.5)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("90", 90)]
    [InlineData("00:01:30", 90)]
    public void Durations_accept_units_and_clock_form(string text, double seconds)
    {
        Assert.True(OptionValues.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("1000", 1_000)]
    [InlineData("250k", 250_000)]
    [InlineData("1M", 1_000_000)]
    [InlineData("2.5m", 2_500_000)]
    [InlineData("1_000_000", 1_000_000)]
    public void Counts_accept_thousand_and_million_suffixes(string text, long expected)
    {
        Assert.True(OptionValues.TryParseCount(text, out var count));
        Assert.Equal(expected, count);
    }

    [Theory]
    [InlineData("--rate abc", "--rate: 'abc' is not a number")]
    [InlineData("--rate -5", "--rate: must be a finite number of events per second ≥ 0")]
    [InlineData("--streams 0", "--streams: must be between 1 and 256 (got 0)")]
    [InlineData("--streams many", "--streams: 'many' is not a whole number")]
    [InlineData("--batch 1000", "--batch: 1000 events per batch is over 900")]
    [InlineData("--batch 0", "--batch: must be between 1 and 900 (got 0)")]
    [InlineData("--batch 200000 --allow-large", "--batch: must be between 1 and 100000 (got 200000)")]
    [InlineData("--in-flight 0", "--in-flight: must be between 1 and 1024 (got 0)")]
    [InlineData("--customers 0", "--customers: must be at least 1 (got 0)")]
    [InlineData("--customers 3e9", "--customers: 3000000000 is too large")]
    [InlineData("--customers 1.5", "--customers: '1.5' is not a whole number")]
    [InlineData("--touchpoints -3", "--touchpoints: must be at least 1 (got -3)")]
    [InlineData("--zipf -1", "--zipf: must be between 0 and 10 (got -1)")]
    [InlineData("--zipf x", "--zipf: 'x' is not a number")]
    [InlineData("--seed 1.5", "--seed: '1.5' is not a whole number")]
    [InlineData("--queue-share 0.95", "--queue-share: must be between 0 and 0.9 (got 0.95)")]
    [InlineData("--duration soon", "--duration: 'soon' is not a duration")]
    [InlineData("--duration 0s", "--duration: must be positive")]
    [InlineData("--events -1", "--events: must be positive (got -1)")]
    [InlineData("--events lots", "--events: 'lots' is not a whole number")]
    [InlineData("--url ftp://host", "--url: 'ftp://host' is not an absolute http:// or https:// address")]
    [InlineData("--url localhost", "--url: 'localhost' is not an absolute http:// or https:// address")]
    [InlineData("--run-id has/slash", "--run-id: must be 1–64 characters of letters, digits")]
    [InlineData("--reconnect-attempts -1", "--reconnect-attempts: must be ≥ 0 (got -1)")]
    [InlineData("--drain never", "--drain: 'never' is not a duration")]
    [InlineData("--ack-timeout 0", "--ack-timeout: must be positive")]
    [InlineData("--rate", "--rate needs a value")]
    [InlineData("--rate --quiet", "--rate needs a value")]
    [InlineData("--json --quiet", "--json needs a value")]
    [InlineData("--api-key --bogus", "--api-key needs a value")]
    // System.CommandLine's own wording for the generic cases.
    [InlineData("--bogus", "Unrecognized command or argument '--bogus'")]
    [InlineData("stray", "Unrecognized command or argument 'stray'")]
    [InlineData("--quiet=yes", "Unrecognized command or argument 'yes'")]
    [InlineData("--quiet false", "Unrecognized command or argument 'false'")]
    [InlineData("--rate 1 --rate 2", "Option '--rate' expects a single argument but 2 were provided")]
    public void Each_bad_value_gives_a_clear_error(string commandLine, string expected)
    {
        var error = ParseError(commandLine.Split(' '));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_over_the_large_object_limit_is_allowed_when_asked() =>
        Assert.Equal(1_000, Parse("--batch", "1000", "--allow-large").Load.BatchSize);

    [Fact]
    public void An_empty_api_key_is_allowed() => Assert.Equal(string.Empty, Parse("--api-key", "").Load.ApiKey);

    [Fact]
    public void Target_takes_a_comma_separated_list_of_addresses()
    {
        var load = Parse("--target", "http://127.0.0.1:5000, http://127.0.0.1:5001,https://10.0.0.7:443").Load;

        Assert.Equal([new Uri("http://127.0.0.1:5000"), new Uri("http://127.0.0.1:5001"), new Uri("https://10.0.0.7:443")], load.Targets);
        Assert.Equal(load.Targets, load.EffectiveTargets);
        Assert.Equal([load.Url], Parse().Load.EffectiveTargets);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000,,http://127.0.0.1:5001", "empty address")]
    [InlineData("http://127.0.0.1:5000,ftp://x", "'ftp://x' is not an absolute http")]
    public void Target_errors_name_the_option_and_the_bad_address(string value, string expected)
    {
        var error = ParseError("--target", value);

        Assert.StartsWith("--target: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Url_and_target_together_are_refused()
    {
        var error = ParseError("--url", "http://127.0.0.1:5000", "--target", "http://127.0.0.1:5001");

        Assert.Contains("--url and --target", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var error = ParseError("--rate", "fast", "--zipf", "steep");

        Assert.Equal(
            ["--rate: 'fast' is not a number (e.g. 150000, 150k or 0.5)", "--zipf: 'steep' is not a number (e.g. 150000, 150k or 0.5)"],
            error.Split(Environment.NewLine));
    }

    [Fact]
    public void Values_are_taken_as_typed_without_response_file_expansion() =>
        Assert.Equal("@not-a-file", Parse("--api-key", "@not-a-file").Load.ApiKey);

    [Fact]
    public void Help_lists_every_option_with_its_meaning_and_default_then_the_exit_codes()
    {
        using var output = new StringWriter();

        LoadGenCommandLine.WriteHelp(output);

        var help = output.ToString();
        string[] flags =
        [
            "--url <url>", "--target <url,url,...>", "--api-key <key>", "--customers <n>", "--touchpoints <n>", "--zipf <s>",
            "--customers-in-turn", "--seed <n>", "--queue-share <f>", "--run-id <id>", "--rate <events/s>", "--duration <time>", "--events <n>",
            "--streams <n>", "--batch <n>", "--allow-large", "--in-flight <n>", "--submit", "--no-resend",
            "--reconnect-attempts <n>", "--ack-timeout <time>", "--drain <time>", "--json <file>", "--track-acked", "--quiet",
            "-h, --help",
        ];
        Assert.All(flags, flag => Assert.Contains(flag, help, StringComparison.Ordinal));
        Assert.Contains("cx-loadgen [options]", help, StringComparison.Ordinal);
        Assert.Contains("Ingest service address (default http://127.0.0.1:5000;", help, StringComparison.Ordinal);
        Assert.Contains("Events per batch (default 500, at most 900 unless --allow-large)", help, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 every batch acknowledged;", help, StringComparison.Ordinal);
        Assert.DoesNotContain("--version", help, StringComparison.Ordinal);
    }
}
