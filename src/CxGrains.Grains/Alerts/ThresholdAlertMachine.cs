namespace CxGrains.Grains.Alerts;

/// <summary>
/// The life of one metric alert: raised once when the value goes past the threshold, updated
/// while raised (at most once per update interval, and only when the value moved), resolved once
/// the value reaches the clear threshold. Between the threshold and the clear threshold nothing
/// changes, so noise around the threshold cannot flap the alert. A sample below the rule's
/// minimum neither raises nor resolves: a handful of answers is not evidence either way. A raised
/// alert whose subject brings no new evidence for the rule's no-data timeout resolves as "no
/// data", so that an alert on a subject that went silent does not stay raised for ever.
/// </summary>
public static class ThresholdAlertMachine
{
    /// <summary>Evaluates <paramref name="rule"/> after new data arrived and advances <paramref name="state"/>.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="state">The subject's state for the rule; updated in place.</param>
    /// <param name="value">The metric's current value.</param>
    /// <param name="samples">The sample the value stands on.</param>
    /// <param name="nowTicks">Now, UTC ticks.</param>
    /// <param name="updateInterval">Least time between two updates of a raised alert.</param>
    /// <returns>What to report.</returns>
    public static AlertStep Evaluate(AlertRule rule, AlertRuleState state, double value, long samples, long nowTicks, TimeSpan updateInterval)
    {
        if (samples >= rule.MinimumSamples && double.IsFinite(value))
        {
            state.LastEvidenceAtTicks = nowTicks;
        }

        return Advance(rule, state, value, samples, nowTicks, updateInterval, mayRaise: true);
    }

    /// <summary>
    /// Evaluates a raised alert again without new data (the alert grain's no-data sweep): the value
    /// may have aged past the clear threshold, or the subject may have gone silent. Never raises:
    /// old data that raised nothing when it arrived is no reason to raise now.
    /// </summary>
    /// <inheritdoc cref="Evaluate" />
    public static AlertStep Reevaluate(AlertRule rule, AlertRuleState state, double value, long samples, long nowTicks, TimeSpan updateInterval) =>
        Advance(rule, state, value, samples, nowTicks, updateInterval, mayRaise: false);

    private static AlertStep Advance(AlertRule rule, AlertRuleState state, double value, long samples, long nowTicks, TimeSpan updateInterval, bool mayRaise)
    {
        if (state.Raised && rule.NoDataTimeout > TimeSpan.Zero
            && nowTicks - Math.Max(state.LastEvidenceAtTicks, state.RaisedAtTicks) >= rule.NoDataTimeout.Ticks)
        {
            state.Raised = false;
            state.ReportedAtTicks = nowTicks;
            return AlertStep.NoData;
        }

        if (samples < rule.MinimumSamples || !double.IsFinite(value))
        {
            return AlertStep.None;
        }

        if (!state.Raised)
        {
            if (!mayRaise || !rule.IsBreached(value))
            {
                return AlertStep.None;
            }

            state.Raised = true;
            state.RaisedAtTicks = nowTicks;
            Reported(state, value, nowTicks);
            return AlertStep.Raise;
        }

        if (rule.IsCleared(value))
        {
            state.Raised = false;
            Reported(state, value, nowTicks);
            return AlertStep.Resolve;
        }

        // Still raised (past the threshold or inside the hysteresis band): report the value now and then.
        if (value != state.ReportedValue && nowTicks - state.ReportedAtTicks >= updateInterval.Ticks)
        {
            Reported(state, value, nowTicks);
            return AlertStep.Update;
        }

        return AlertStep.None;
    }

    private static void Reported(AlertRuleState state, double value, long nowTicks)
    {
        state.ReportedAtTicks = nowTicks;
        state.ReportedValue = value;
    }
}
