using System.Globalization;
using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Alerts;

/// <summary>
/// One validated metric rule. Raised while the value is strictly past <see cref="Threshold"/>;
/// resolved once it reaches <see cref="ClearThreshold"/> (on the good side of the threshold, so a
/// value wandering between the two changes nothing: hysteresis).
/// </summary>
public sealed class AlertRule
{
    private readonly HashSet<string>? _subjects;

    /// <summary>Creates a rule; <paramref name="subjects"/> empty or null means every subject of the kind.</summary>
    public AlertRule(
        string name,
        AggregateKind kind,
        AlertMetric metric,
        WindowKind window,
        AlertComparison comparison,
        double threshold,
        double clearThreshold,
        long minimumSamples,
        IEnumerable<string>? subjects = null,
        TimeSpan noDataTimeout = default)
    {
        Name = name;
        Kind = kind;
        Metric = metric;
        Window = window;
        Comparison = comparison;
        Threshold = threshold;
        ClearThreshold = clearThreshold;
        MinimumSamples = minimumSamples;
        NoDataTimeout = noDataTimeout;
        var list = subjects?.ToList();
        _subjects = list is { Count: > 0 } ? new HashSet<string>(list, StringComparer.Ordinal) : null;
    }

    /// <summary>The rule's name (part of the alert id).</summary>
    public string Name { get; }

    /// <summary>Touchpoints or segments.</summary>
    public AggregateKind Kind { get; }

    /// <summary>The metric watched.</summary>
    public AlertMetric Metric { get; }

    /// <summary>The rolling window the metric is read over.</summary>
    public WindowKind Window { get; }

    /// <summary>Which side of the threshold is bad.</summary>
    public AlertComparison Comparison { get; }

    /// <summary>Raised strictly past this value.</summary>
    public double Threshold { get; }

    /// <summary>Resolved at or beyond this value, on the good side of <see cref="Threshold"/>.</summary>
    public double ClearThreshold { get; }

    /// <summary>Samples (responses, contacts, events: see <see cref="AlertMetric"/>) below which the rule neither raises nor resolves.</summary>
    public long MinimumSamples { get; }

    /// <summary>How long a raised alert may go without new evidence before it resolves as "no data"; zero: never.</summary>
    public TimeSpan NoDataTimeout { get; }

    /// <summary>Whether the rule watches the subject with this id or key.</summary>
    public bool Applies(string subjectId) => _subjects is null || _subjects.Contains(subjectId);

    /// <summary>Whether the value is past the threshold.</summary>
    public bool IsBreached(double value) => Comparison == AlertComparison.Below ? value < Threshold : value > Threshold;

    /// <summary>Whether the value has come back to the clear threshold.</summary>
    public bool IsCleared(double value) => Comparison == AlertComparison.Below ? value >= ClearThreshold : value <= ClearThreshold;

    /// <summary>The summary an alert carries, e.g. <c>abandonPercent over 15m is 23.5 (above 10; n=120)</c>.</summary>
    public string Describe(AlertStep step, double value, long samples)
    {
        var metric = AlertMetrics.NameOf(Metric);
        var window = AlertWindows.NameOf(Window);
        var side = Comparison == AlertComparison.Below ? "below" : "above";
        return step switch
        {
            AlertStep.Resolve => string.Create(CultureInfo.InvariantCulture, $"{metric} over {window} is back to {value:0.##} (clears at {ClearThreshold:0.##}; n={samples})"),
            AlertStep.NoData => string.Create(CultureInfo.InvariantCulture,
                $"No new {metric} data for {AlertWindows.Format(NoDataTimeout)}: resolved as no data; last value {value:0.##} ({side} {Threshold:0.##})"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{metric} over {window} is {value:0.##} ({side} {Threshold:0.##}; n={samples})"),
        };
    }
}
