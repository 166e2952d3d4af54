using CxGrains.Abstractions;
using CxGrains.Grains.Aggregates;
using CxGrains.Scoring;

namespace CxGrains.Grains.Alerts;

/// <summary>
/// Evaluates the touchpoint or segment rules of one aggregate after it merged a delta (a few times
/// a second, never per event), and its raised alerts again when the alert grain's no-data sweep
/// asks. The per-rule state lives in the aggregate's own state, so it is persisted with it;
/// changes go to the silo's <see cref="AlertReporter"/> and never wait for the alert grain.
/// </summary>
public sealed class AggregateAlerts(AlertRuleSet rules, AlertReporter reporter)
{
    private const int WindowSlots = (int)WindowKind.OneDay + 1;

    /// <summary>Evaluates every rule that watches this subject against its windows now.</summary>
    /// <param name="kind">Touchpoint or segment.</param>
    /// <param name="id">The touchpoint id or segment key.</param>
    /// <param name="state">The aggregate's state; its <see cref="AggregateState.Alerts"/> is updated.</param>
    /// <param name="nowTicks">Now, UTC ticks.</param>
    /// <param name="newData">
    /// True after a merge; false for a re-evaluation without new data, which never raises and does
    /// not count as evidence against the no-data timeout.
    /// </param>
    /// <returns>Whether any rule's state changed.</returns>
    public bool Evaluate(AggregateKind kind, string id, AggregateState state, long nowTicks, bool newData)
    {
        var applicable = rules.For(kind);
        if (applicable.Count == 0 && state.Alerts is null)
        {
            return false;
        }

        var changed = false;

        // Each window is totalled at most once per evaluation, however many rules read it.
        Span<bool> computed = stackalloc bool[WindowSlots];
        var values = new MetricValues[WindowSlots];
        foreach (var rule in applicable)
        {
            if (!rule.Applies(id))
            {
                continue;
            }

            var slot = (int)rule.Window;
            if (!computed[slot])
            {
                values[slot] = MetricValues.From(state.Windows.Total(rule.Window, nowTicks));
                computed[slot] = true;
            }

            var (value, samples) = AlertMetrics.Read(rule.Metric, values[slot]);
            AlertRuleState? ruleState = null;
            if (state.Alerts?.TryGetValue(rule.Name, out ruleState) != true)
            {
                // Most subjects never alert: their state stays empty until a rule first fires.
                if (!newData || samples < rule.MinimumSamples || !rule.IsBreached(value))
                {
                    continue;
                }

                ruleState = new AlertRuleState();
                (state.Alerts ??= new(StringComparer.Ordinal))[rule.Name] = ruleState;
            }

            var step = newData
                ? ThresholdAlertMachine.Evaluate(rule, ruleState!, value, samples, nowTicks, rules.UpdateInterval)
                : ThresholdAlertMachine.Reevaluate(rule, ruleState!, value, samples, nowTicks, rules.UpdateInterval);
            changed |= newData || step != AlertStep.None; // a merge refreshes the evidence time
            if (step == AlertStep.None)
            {
                continue;
            }

            if (step == AlertStep.NoData)
            {
                (value, samples) = (ruleState!.ReportedValue, 0);
            }

            var subject = AlertSubjects.Of(kind, id);
            reporter.Report(new AlertChange
            {
                AlertId = AlertSubjects.AlertId(rule.Name, subject),
                Rule = rule.Name,
                Subject = subject,
                Kind = step is AlertStep.Resolve or AlertStep.NoData ? AlertChangeKind.Cleared : AlertChangeKind.Holds,
                Value = value,
                Threshold = rule.Threshold,
                Message = rule.Describe(step, value, samples),
                AtTicks = nowTicks,
            });
            if (step is AlertStep.Resolve or AlertStep.NoData)
            {
                state.Alerts!.Remove(rule.Name);
            }
        }

        return Prune(kind, id, state, nowTicks) || changed;
    }

    // Drops the state of rules that were removed from configuration (the alert grain resolves their
    // alerts) and resolves alerts of rules that no longer watch this subject.
    private bool Prune(AggregateKind kind, string id, AggregateState state, long nowTicks)
    {
        if (state.Alerts is not { Count: > 0 } alerts)
        {
            var had = state.Alerts is not null;
            state.Alerts = null;
            return had;
        }

        var pruned = false;

        foreach (var (name, ruleState) in alerts)
        {
            var rule = rules.For(kind).FirstOrDefault(r => r.Name == name);
            if (rule is not null && rule.Applies(id))
            {
                continue;
            }

            alerts.Remove(name);
            pruned = true;
            if (rule is not null && ruleState.Raised)
            {
                var subject = AlertSubjects.Of(kind, id);
                reporter.Report(new AlertChange
                {
                    AlertId = AlertSubjects.AlertId(name, subject),
                    Rule = name,
                    Subject = subject,
                    Kind = AlertChangeKind.Cleared,
                    Value = ruleState.ReportedValue,
                    Threshold = rule.Threshold,
                    Message = "The rule no longer watches this subject.",
                    AtTicks = nowTicks,
                });
            }
        }

        if (alerts.Count == 0)
        {
            state.Alerts = null;
        }

        return pruned;
    }
}
