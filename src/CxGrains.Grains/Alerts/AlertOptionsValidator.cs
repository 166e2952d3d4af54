using System.Globalization;
using System.Text.RegularExpressions;
using CxGrains.Abstractions;
using CxGrains.Scoring;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Alerts;

/// <summary>Checks <c>Cx:Alerts</c> at start-up; every message names the setting at fault.</summary>
public sealed partial class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    private const int MinimumSecretLength = 16;
    private static readonly TimeSpan MaxNoDataTimeout = TimeSpan.FromDays(7);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var errors = Check(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem of <paramref name="options"/>, or none.</summary>
    public static List<string> Check(AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Rules.Count; i++)
        {
            CheckRule($"{AlertOptions.Section}:Rules:{i}", options.Rules[i], names, errors);
        }

        var customers = options.Customers;
        if (customers.Enabled)
        {
            var path = $"{AlertOptions.Section}:Customers";
            if (!IsValidName(customers.Name))
            {
                errors.Add($"{path}:Name '{customers.Name}' must be 1–64 letters, digits, '-', '_' or '.'.");
            }
            else if (!names.Add(customers.Name))
            {
                errors.Add($"{path}:Name '{customers.Name}' is also the name of a metric rule; names must be unique.");
            }

            if (customers.EffectiveTiers.Count == 0 || customers.EffectiveTiers.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"{path}:Tiers must list at least one non-empty tier (or set {path}:Enabled to false).");
            }
        }

        Require(options.UpdateInterval >= TimeSpan.Zero && options.UpdateInterval <= TimeSpan.FromHours(1),
            $"{AlertOptions.Section}:UpdateInterval must be between 00:00:00 and 01:00:00.", errors);
        Require(options.NoDataTimeout >= TimeSpan.Zero && options.NoDataTimeout <= MaxNoDataTimeout,
            $"{AlertOptions.Section}:NoDataTimeout must be between 00:00:00 (off) and 7.00:00:00.", errors);
        Require(options.WriteInterval >= TimeSpan.Zero && options.WriteInterval <= TimeSpan.FromMinutes(1),
            $"{AlertOptions.Section}:WriteInterval must be between 00:00:00 and 00:01:00.", errors);
        Require(options.ResolvedKept is >= 0 and <= 10_000, $"{AlertOptions.Section}:ResolvedKept must be 0–10000.", errors);
        Require(options.ReportQueueCapacity is >= 1 and <= 1_000_000, $"{AlertOptions.Section}:ReportQueueCapacity must be 1–1000000.", errors);
        Require(options.NpsMinimumResponses >= 1, $"{AlertOptions.Section}:NpsMinimumResponses must be at least 1.", errors);

        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            var path = $"{AlertOptions.Section}:Webhooks:{i}";
            var hook = options.Webhooks[i];
            if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{path}:Url must be an absolute http or https URL.");
            }

            Require(hook.Secret is { Length: >= MinimumSecretLength },
                $"{path}:Secret is required and must be at least {MinimumSecretLength} characters.", errors);
        }

        var delivery = options.Delivery;
        var d = $"{AlertOptions.Section}:Delivery";
        Require(delivery.MaxAttempts is >= 1 and <= 20, $"{d}:MaxAttempts must be 1–20.", errors);
        Require(delivery.InitialBackoff > TimeSpan.Zero, $"{d}:InitialBackoff must be positive.", errors);
        Require(delivery.MaxBackoff >= delivery.InitialBackoff, $"{d}:MaxBackoff must be at least {d}:InitialBackoff.", errors);
        Require(delivery.Timeout > TimeSpan.Zero, $"{d}:Timeout must be positive.", errors);
        Require(delivery.QueueCapacity is >= 1 and <= 100_000, $"{d}:QueueCapacity must be 1–100000.", errors);
        return errors;
    }

    private static void CheckRule(string path, AlertRuleOptions rule, HashSet<string> names, List<string> errors)
    {
        if (!IsValidName(rule.Name))
        {
            errors.Add($"{path}:Name '{rule.Name}' must be 1–64 letters, digits, '-', '_' or '.'.");
        }
        else if (!names.Add(rule.Name!))
        {
            errors.Add($"{path}:Name '{rule.Name}' is used by another rule; names must be unique.");
        }

        var kindOk = Enum.TryParse<AggregateKind>(rule.Subject, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !IsNumeric(rule.Subject);
        Require(kindOk, $"{path}:Subject '{rule.Subject}' must be 'touchpoint' or 'segment'.", errors);
        Require(Enum.TryParse<AlertMetric>(rule.Metric, ignoreCase: true, out var metric) && Enum.IsDefined(metric) && !IsNumeric(rule.Metric),
            $"{path}:Metric '{rule.Metric}' must be one of {string.Join(", ", Enum.GetValues<AlertMetric>().Select(AlertMetrics.NameOf))}.", errors);
        Require(AlertWindows.TryParse(rule.Window, out _), $"{path}:Window '{rule.Window}' must be {AlertWindows.Accepted}.", errors);
        var comparisonOk = Enum.TryParse<AlertComparison>(rule.Comparison, ignoreCase: true, out var comparison) && Enum.IsDefined(comparison) && !IsNumeric(rule.Comparison);
        Require(comparisonOk, $"{path}:Comparison '{rule.Comparison}' must be 'below' or 'above'.", errors);
        Require(rule.NoDataTimeout is not { } noData || (noData >= TimeSpan.Zero && noData <= MaxNoDataTimeout),
            $"{path}:NoDataTimeout must be between 00:00:00 (off) and 7.00:00:00.", errors);
        Require(rule.MinimumResponses >= 1, $"{path}:MinimumResponses must be at least 1: a metric over no samples is not evidence.", errors);

        if (rule.Threshold is not { } threshold || !double.IsFinite(threshold))
        {
            errors.Add($"{path}:Threshold is required and must be a finite number.");
        }
        else if (rule.ClearThreshold is { } clear)
        {
            if (!double.IsFinite(clear))
            {
                errors.Add($"{path}:ClearThreshold must be a finite number.");
            }
            else if (comparisonOk && comparison == AlertComparison.Below && clear < threshold)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{path}:ClearThreshold ({clear}) must be at or above Threshold ({threshold}) for a 'below' rule: the alert resolves once the value rises back to it."));
            }
            else if (comparisonOk && comparison == AlertComparison.Above && clear > threshold)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{path}:ClearThreshold ({clear}) must be at or below Threshold ({threshold}) for an 'above' rule: the alert resolves once the value falls back to it."));
            }
        }

        for (var s = 0; s < rule.Subjects.Count; s++)
        {
            var subject = rule.Subjects[s];
            if (string.IsNullOrWhiteSpace(subject))
            {
                errors.Add($"{path}:Subjects:{s} must not be empty.");
            }
            else if (kindOk && kind == AggregateKind.Segment && !SegmentKeyPlanner.TryParse(subject, out _, out var error))
            {
                errors.Add($"{path}:Subjects:{s} '{subject}' is not a canonical segment key: {error}");
            }
        }
    }

    private static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    // Enum.TryParse accepts "3" for any enum: configuration must use the names.
    private static bool IsNumeric(string? text) => text is not null && text.Trim().Length > 0 && (char.IsAsciiDigit(text.Trim()[0]) || text.Trim()[0] == '-');

    private static void Require(bool condition, string message, List<string> errors)
    {
        if (!condition)
        {
            errors.Add(message);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();
}
