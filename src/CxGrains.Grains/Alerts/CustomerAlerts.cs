using System.Globalization;
using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Alerts;

/// <summary>
/// The customer rule: a customer whose value tier is in the configured set turning CRITICAL raises
/// an alert; leaving CRITICAL resolves it. Called by the customer grain only when its band changes
/// (band is persisted, so a reactivation never re-raises). The tier is read at the band change: a
/// tier change while the band stays the same does not raise or resolve by itself.
/// </summary>
public sealed class CustomerAlerts(AlertRuleSet rules, AlertReporter reporter)
{
    /// <summary>Reports the customer rule's view of a band change.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="from">The band before (null before the first event).</param>
    /// <param name="to">The band now.</param>
    /// <param name="tier">The customer's value tier (empty when unknown).</param>
    /// <param name="healthScore">The health score now, 0–100.</param>
    /// <param name="nowTicks">Now, UTC ticks.</param>
    /// <param name="criticalBelow">The customer's scorecard's at-risk threshold: below it is critical.</param>
    public void OnBandChanged(string customerId, HealthBand? from, HealthBand to, string tier, double healthScore, long nowTicks,
        double criticalBelow = HealthModel.AtRiskThreshold)
    {
        if (rules.CustomerRuleName is not { } rule || from == to || !rules.CustomerTiers.Contains(tier))
        {
            return;
        }

        var raised = to == HealthBand.Critical;
        if (!raised && from != HealthBand.Critical)
        {
            return;
        }

        var subject = AlertSubjects.Customer(customerId);
        reporter.Report(new AlertChange
        {
            AlertId = AlertSubjects.AlertId(rule, subject),
            Rule = rule,
            Subject = subject,
            Kind = raised ? AlertChangeKind.Holds : AlertChangeKind.Cleared,
            Value = healthScore,
            Threshold = criticalBelow,
            Message = raised
                ? string.Create(CultureInfo.InvariantCulture, $"{tier} customer turned CRITICAL: health {healthScore:0.#} (below {criticalBelow:0.#})")
                : string.Create(CultureInfo.InvariantCulture, $"{tier} customer left CRITICAL: health {healthScore:0.#}"),
            AtTicks = nowTicks,
        });
    }

    /// <summary>Removes every alert about an erased customer, after any change of it still queued.</summary>
    public Task ForgetAsync(string customerId) => reporter.ForgetAsync(AlertSubjects.Customer(customerId));
}
