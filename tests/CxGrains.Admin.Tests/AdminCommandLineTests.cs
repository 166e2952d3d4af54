using CxGrains.Admin.Cli;

namespace CxGrains.Admin.Tests;

[Trait("Tier", "Fast")]
public sealed class AdminCommandLineTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static AdminRequest Parse(Func<string, string?> environment, params string[] args)
    {
        Assert.True(AdminCommandLine.TryParse(args, environment, out var request, out var error), error);
        return request;
    }

    private static AdminRequest Parse(params string[] args) => Parse(NoEnvironment, args);

    private static string ParseError(params string[] args)
    {
        Assert.False(AdminCommandLine.TryParse(args, NoEnvironment, out _, out var error));
        return error;
    }

    [Fact]
    public void Recompute_reads_every_option()
    {
        var request = Parse(
            "recompute", "--from", "2026-11-30T08:15:00+01:00", "--url", "https://cx.example:5001", "--api-key", "@admin", "--wait", "--poll", "0.5");

        Assert.Equal(AdminVerb.Recompute, request.Verb);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 7, 15, 0, TimeSpan.Zero), request.From);
        Assert.Equal(TimeSpan.Zero, request.From.Offset);
        Assert.Equal(new Uri("https://cx.example:5001"), request.Url);
        Assert.Equal("@admin", request.ApiKey);
        Assert.True(request.Wait);
        Assert.Equal(TimeSpan.FromMilliseconds(500), request.Poll);
    }

    [Fact]
    public void Recompute_without_wait_polls_at_the_default_and_does_not_wait()
    {
        var request = Parse("recompute", "--from", "2026-11-30", "--url", "http://127.0.0.1:5000", "--api-key", "k");

        Assert.False(request.Wait);
        Assert.Equal(AdminCommandLine.DefaultPoll, request.Poll);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), request.From);
    }

    [Theory]
    [InlineData("2026-11-30T08:15:00Z", "2026-11-30T08:15:00.0000000+00:00")]
    [InlineData("2026-11-30T08:15:00.250Z", "2026-11-30T08:15:00.2500000+00:00")]
    [InlineData("2026-11-30T08:15", "2026-11-30T08:15:00.0000000+00:00")]
    [InlineData("2026-11-30T08:15:00-05:00", "2026-11-30T13:15:00.0000000+00:00")]
    public void A_time_without_an_offset_is_utc_and_one_with_an_offset_is_converted(string text, string utc)
    {
        Assert.True(AdminCommandLine.TryParseTime(text, out var time));
        Assert.Equal(utc, time.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_api_key_falls_back_to_the_environment_and_the_flag_wins()
    {
        Func<string, string?> environment = name => name == AdminCommandLine.ApiKeyVariable ? "from-env" : null;

        Assert.Equal("from-env", Parse(environment, "recompute-status", "--id", Guid.Empty.ToString(), "--url", "http://127.0.0.1:5000").ApiKey);
        Assert.Equal("flag", Parse(environment, "recompute-status", "--id", Guid.Empty.ToString(), "--url", "http://127.0.0.1:5000", "--api-key", "flag").ApiKey);
    }

    [Fact]
    public void Recompute_status_reads_the_run_id()
    {
        var id = Guid.NewGuid();
        var request = Parse("recompute-status", "--id", id.ToString(), "--url", "http://127.0.0.1:5000", "--api-key", "k");

        Assert.Equal(AdminVerb.RecomputeStatus, request.Verb);
        Assert.Equal(id, request.RunId);
    }

    [Fact]
    public void No_api_key_anywhere_is_a_usage_error_that_names_both_sources()
    {
        var error = ParseError("recompute", "--from", "2026-11-30", "--url", "http://127.0.0.1:5000");
        Assert.Contains("--api-key", error);
        Assert.Contains(AdminCommandLine.ApiKeyVariable, error);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("30/11/2026")]
    [InlineData("2026-13-01")]
    public void A_from_that_is_not_iso_8601_is_refused_naming_the_flag_and_the_value(string from)
    {
        var error = ParseError("recompute", "--from", from, "--url", "http://127.0.0.1:5000", "--api-key", "k");
        Assert.Contains($"--from: '{from}' is not an ISO-8601 time", error);
    }

    [Theory]
    [InlineData("127.0.0.1:5000")]
    [InlineData("ftp://127.0.0.1:5000")]
    public void A_url_that_is_not_http_is_refused(string url)
    {
        var error = ParseError("recompute", "--from", "2026-11-30", "--url", url, "--api-key", "k");
        Assert.Contains($"--url: '{url}' is not an absolute http:// or https:// address", error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("soon")]
    public void A_poll_that_is_not_a_positive_number_of_seconds_is_refused(string poll)
    {
        var error = ParseError("recompute", "--from", "2026-11-30", "--url", "http://127.0.0.1:5000", "--api-key", "k", "--wait", "--poll", poll);
        Assert.Contains($"--poll: '{poll}' is not a number of seconds above 0", error);
    }

    [Fact]
    public void Poll_without_wait_is_refused()
    {
        var error = ParseError("recompute", "--from", "2026-11-30", "--url", "http://127.0.0.1:5000", "--api-key", "k", "--poll", "1");
        Assert.Contains("--poll only applies with --wait", error);
    }

    [Fact]
    public void Missing_required_options_a_bad_id_an_unknown_option_and_no_command_are_refused()
    {
        Assert.Contains("--from", ParseError("recompute", "--url", "http://127.0.0.1:5000", "--api-key", "k"));
        Assert.Contains("--url", ParseError("recompute", "--from", "2026-11-30", "--api-key", "k"));
        Assert.Contains("--id: 'run-7' is not a run id", ParseError("recompute-status", "--id", "run-7", "--url", "http://127.0.0.1:5000", "--api-key", "k"));
        Assert.Contains("--force", ParseError("recompute", "--from", "2026-11-30", "--url", "http://127.0.0.1:5000", "--api-key", "k", "--force"));
        Assert.NotEmpty(ParseError());
    }

    [Fact]
    public void Help_is_a_request_of_its_own_and_lists_the_commands_options_and_exit_codes()
    {
        Assert.Equal(AdminVerb.Help, Parse("--help").Verb);
        var help = Parse("recompute", "--help");
        Assert.Equal(AdminVerb.Help, help.Verb);

        using var output = new StringWriter();
        AdminCommandLine.WriteHelp(help.HelpArguments, output);
        var text = output.ToString();
        foreach (var option in new[] { "--from", "--url", "--api-key", "--wait", "--poll", AdminCommandLine.ApiKeyVariable, "Exit codes" })
        {
            Assert.Contains(option, text);
        }
    }
}
