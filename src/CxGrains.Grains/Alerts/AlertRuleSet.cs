using CxGrains.Abstractions;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Alerts;

/// <summary>The configured rules, validated and compiled once per silo.</summary>
public sealed class AlertRuleSet
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AlertRule> _metricRules;

    /// <summary>Compiles validated options.</summary>
    public AlertRuleSet(IOptions<AlertOptions> options)
        : this(options.Value)
    {
    }

    /// <summary>Compiles options; throws with every problem when they are invalid.</summary>
    public AlertRuleSet(AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = AlertOptionsValidator.Check(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(AlertOptions.Section, typeof(AlertOptions), errors);
        }

        var rules = options.Rules.Select(r => Compile(r, options)).ToList();
        Touchpoint = [.. rules.Where(r => r.Kind == AggregateKind.Touchpoint)];
        Segment = [.. rules.Where(r => r.Kind == AggregateKind.Segment)];
        _names.UnionWith(rules.Select(r => r.Name));
        _metricRules = rules.ToDictionary(r => r.Name, StringComparer.Ordinal);

        var customers = options.Customers;
        if (customers.Enabled)
        {
            CustomerRuleName = customers.Name;
            CustomerTiers = new HashSet<string>(customers.EffectiveTiers.Select(t => t.Trim()), StringComparer.OrdinalIgnoreCase);
            _names.Add(customers.Name);
        }

        UpdateInterval = options.UpdateInterval;
        var timeouts = rules.Select(r => r.NoDataTimeout).Where(t => t > TimeSpan.Zero).ToList();
        if (timeouts.Count > 0)
        {
            // A quarter of the shortest timeout: an alert resolves within 1.25 timeouts of its last evidence.
            var quarter = timeouts.Min() / 4;
            NoDataSweepInterval = quarter < MinSweep ? MinSweep : quarter > MaxSweep ? MaxSweep : quarter;
        }
    }

    private static readonly TimeSpan MinSweep = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxSweep = TimeSpan.FromMinutes(1);

    /// <summary>Rules over touchpoints.</summary>
    public IReadOnlyList<AlertRule> Touchpoint { get; }

    /// <summary>Rules over segments.</summary>
    public IReadOnlyList<AlertRule> Segment { get; }

    /// <summary>The customer rule's name, or null when it is disabled.</summary>
    public string? CustomerRuleName { get; }

    /// <summary>Tiers the customer rule watches (case-insensitive); empty when disabled.</summary>
    public IReadOnlySet<string> CustomerTiers { get; } = new HashSet<string>();

    /// <summary>Least time between two updates of one raised alert.</summary>
    public TimeSpan UpdateInterval { get; }

    /// <summary>How often the alert grain re-checks raised metric alerts for lack of data; null when no rule has a no-data timeout.</summary>
    public TimeSpan? NoDataSweepInterval { get; }

    /// <summary>Rules of one subject kind.</summary>
    public IReadOnlyList<AlertRule> For(AggregateKind kind) => kind == AggregateKind.Touchpoint ? Touchpoint : Segment;

    /// <summary>The touchpoint or segment rule of this name, or null.</summary>
    public AlertRule? FindMetricRule(string ruleName) => _metricRules.GetValueOrDefault(ruleName);

    /// <summary>Whether a rule of this name is configured (metric or customer rule).</summary>
    public bool Contains(string ruleName) => _names.Contains(ruleName);

    private static AlertRule Compile(AlertRuleOptions r, AlertOptions options)
    {
        var metric = Enum.Parse<AlertMetric>(r.Metric!, ignoreCase: true);
        _ = AlertWindows.TryParse(r.Window, out var window); // validated above
        var threshold = r.Threshold!.Value;

        // An NPS under the query API's minimum is not even coloured: it never alerts either (DESIGN.md §1).
        var minimum = metric == AlertMetric.Nps ? Math.Max(r.MinimumResponses, options.NpsMinimumResponses) : r.MinimumResponses;
        return new AlertRule(
            r.Name!,
            Enum.Parse<AggregateKind>(r.Subject!, ignoreCase: true),
            metric,
            window,
            Enum.Parse<AlertComparison>(r.Comparison!, ignoreCase: true),
            threshold,
            r.ClearThreshold ?? threshold,
            minimum,
            r.Subjects.Select(s => s.Trim()),
            r.NoDataTimeout ?? options.NoDataTimeout);
    }
}
