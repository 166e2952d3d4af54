using CxGrains.Grains.Alerts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Tests;

/// <summary>Bad <c>Cx:Alerts</c> settings are refused at start-up with messages that name the setting.</summary>
[Trait("Tier", "Fast")]
public sealed class AlertOptionsValidationTests
{
    private static AlertOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = configuration.GetSection(AlertOptions.Section).Get<AlertOptions>() ?? new AlertOptions();
        return options;
    }

    private static Dictionary<string, string?> Rule(int index, string name, string comparison, string threshold, string clear, string metric = "abandonPercent", string window = "15m", string subject = "touchpoint") => new()
    {
        [$"Cx:Alerts:Rules:{index}:Name"] = name,
        [$"Cx:Alerts:Rules:{index}:Subject"] = subject,
        [$"Cx:Alerts:Rules:{index}:Metric"] = metric,
        [$"Cx:Alerts:Rules:{index}:Window"] = window,
        [$"Cx:Alerts:Rules:{index}:Comparison"] = comparison,
        [$"Cx:Alerts:Rules:{index}:Threshold"] = threshold,
        [$"Cx:Alerts:Rules:{index}:ClearThreshold"] = clear,
    };

    [Fact]
    public void A_valid_configuration_passes_and_compiles()
    {
        var options = Bind(Rule(0, "abandon-high", "above", "10", "7"));
        Assert.Empty(AlertOptionsValidator.Check(options));
        var rule = Assert.Single(new AlertRuleSet(options).Touchpoint);
        Assert.Equal(Scoring.WindowKind.FifteenMinutes, rule.Window);
        Assert.Equal(AlertComparison.Above, rule.Comparison);
        Assert.True(rule.Applies("any-touchpoint"));
    }

    [Theory]
    [InlineData("above", "10", "12", "Cx:Alerts:Rules:0:ClearThreshold (12) must be at or below Threshold (10)")]
    [InlineData("below", "80", "75", "Cx:Alerts:Rules:0:ClearThreshold (75) must be at or above Threshold (80)")]
    [InlineData("sideways", "80", "75", "Cx:Alerts:Rules:0:Comparison 'sideways' must be 'below' or 'above'")]
    public void Thresholds_and_comparison_are_checked(string comparison, string threshold, string clear, string expected)
    {
        var errors = AlertOptionsValidator.Check(Bind(Rule(0, "r", comparison, threshold, clear)));
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void No_data_timeouts_are_checked_and_a_rule_may_set_its_own()
    {
        var settings = Rule(0, "own", "above", "10", "7");
        foreach (var (key, value) in Rule(1, "inherited", "above", "10", "7"))
        {
            settings[key] = value;
        }

        settings["Cx:Alerts:Rules:0:NoDataTimeout"] = "00:05:00";
        settings["Cx:Alerts:NoDataTimeout"] = "01:00:00";
        var rules = new AlertRuleSet(Bind(settings));
        Assert.Equal(TimeSpan.FromMinutes(5), rules.FindMetricRule("own")!.NoDataTimeout);
        Assert.Equal(TimeSpan.FromHours(1), rules.FindMetricRule("inherited")!.NoDataTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), rules.NoDataSweepInterval); // a quarter of 5 minutes, at most a minute

        settings["Cx:Alerts:Rules:0:NoDataTimeout"] = "-00:00:01";
        settings["Cx:Alerts:NoDataTimeout"] = "8.00:00:00";
        var errors = AlertOptionsValidator.Check(Bind(settings));
        Assert.Contains("Cx:Alerts:Rules:0:NoDataTimeout must be between 00:00:00 (off) and 7.00:00:00.", errors);
        Assert.Contains("Cx:Alerts:NoDataTimeout must be between 00:00:00 (off) and 7.00:00:00.", errors);
    }

    [Fact]
    public void Every_field_is_named_in_its_message()
    {
        var settings = Rule(0, "dup", "above", "10", "5", metric: "happiness", window: "2h", subject: "planet");
        foreach (var (key, value) in Rule(1, "dup", "above", "10", "5", subject: "segment"))
        {
            settings[key] = value;
        }

        settings["Cx:Alerts:Rules:1:Subjects:0"] = "tier=gold|region=EU"; // not sorted: not canonical
        settings["Cx:Alerts:Rules:1:MinimumResponses"] = "0";
        settings["Cx:Alerts:Webhooks:0:Url"] = "ftp://example.org/hook";
        settings["Cx:Alerts:Webhooks:0:Secret"] = "short";
        settings["Cx:Alerts:Delivery:MaxBackoff"] = "00:00:00.100";
        settings["Cx:Alerts:Delivery:InitialBackoff"] = "00:00:01";
        settings["Cx:Alerts:Customers:Tiers:0"] = " ";
        settings["Cx:Alerts:WriteInterval"] = "00:05:00";

        var errors = AlertOptionsValidator.Check(Bind(settings));
        string[] named =
        [
            "Cx:Alerts:Rules:0:Metric 'happiness'",
            "Cx:Alerts:Rules:0:Window '2h'",
            "Cx:Alerts:Rules:0:Subject 'planet'",
            "Cx:Alerts:Rules:1:Name 'dup' is used by another rule",
            "Cx:Alerts:Rules:1:Subjects:0 'tier=gold|region=EU' is not a canonical segment key",
            "Cx:Alerts:Rules:1:MinimumResponses must be at least 1",
            "Cx:Alerts:Webhooks:0:Url",
            "Cx:Alerts:Webhooks:0:Secret",
            "Cx:Alerts:Delivery:MaxBackoff",
            "Cx:Alerts:Customers:Tiers",
            "Cx:Alerts:WriteInterval must be between 00:00:00 and 00:01:00.",
        ];
        foreach (var prefix in named)
        {
            Assert.Contains(errors, e => e.StartsWith(prefix, StringComparison.Ordinal));
        }

        Assert.Equal(named.Length, errors.Count);
    }

    [Fact]
    public void Start_up_fails_with_the_message()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Rule(0, "r", "above", "10", "20")).Build();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddCxAlerts(configuration);
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var ex = Assert.Throws<OptionsValidationException>(() => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IOptions<AlertOptions>>(provider).Value);
        Assert.Contains("Cx:Alerts:Rules:0:ClearThreshold (20) must be at or below Threshold (10)", ex.Message, StringComparison.Ordinal);
    }
}
