using CxGrains.Abstractions;
using CxGrains.Grains.Alerts;
using CxGrains.Scoring;

namespace CxGrains.Grains.Tests;

/// <summary>The rule state machine on its own: raise once, hold inside the hysteresis band, resolve, ignore small samples.</summary>
[Trait("Tier", "Fast")]
public sealed class AlertRuleMachineTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly long T0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    // abandon % above 30 raises; back at 15 or lower resolves; needs 20 contacts.
    private static AlertRule Above() => new("abandon", AggregateKind.Touchpoint, AlertMetric.AbandonPercent, WindowKind.FifteenMinutes,
        AlertComparison.Above, threshold: 30, clearThreshold: 15, minimumSamples: 20);

    // NPS below 0 raises; back at 10 or higher resolves; needs 30 responses.
    private static AlertRule Below() => new("nps", AggregateKind.Segment, AlertMetric.Nps, WindowKind.OneDay,
        AlertComparison.Below, threshold: 0, clearThreshold: 10, minimumSamples: 30);

    private static long At(int seconds) => T0 + (seconds * TimeSpan.TicksPerSecond);

    [Fact]
    public void Raises_once_strictly_past_the_threshold()
    {
        var rule = Above();
        var state = new AlertRuleState();

        Assert.Equal(AlertStep.None, ThresholdAlertMachine.Evaluate(rule, state, 30, 100, At(0), Interval));
        Assert.False(state.Raised);
        Assert.Equal(AlertStep.Raise, ThresholdAlertMachine.Evaluate(rule, state, 30.01, 100, At(1), Interval));
        Assert.True(state.Raised);
        Assert.Equal(At(1), state.RaisedAtTicks);

        // Still past the threshold: never a second raise, at most an update.
        for (var i = 2; i < 50; i++)
        {
            Assert.NotEqual(AlertStep.Raise, ThresholdAlertMachine.Evaluate(rule, state, 40 + i, 100, At(i), Interval));
        }

        Assert.Equal(At(1), state.RaisedAtTicks);
    }

    [Fact]
    public void Holds_under_noise_inside_the_hysteresis_band()
    {
        var rule = Above();
        var state = new AlertRuleState();
        Assert.Equal(AlertStep.Raise, ThresholdAlertMachine.Evaluate(rule, state, 35, 100, At(0), Interval));

        // Noise between the clear threshold (exclusive) and well past the threshold, crossing it both ways many times.
        var random = new Random(7);
        var steps = new List<AlertStep>();
        var crossings = 0;
        var previous = 35.0;
        for (var i = 1; i <= 2000; i++)
        {
            var value = 15.001 + (random.NextDouble() * 25);
            crossings += (previous > 30) != (value > 30) ? 1 : 0;
            previous = value;
            steps.Add(ThresholdAlertMachine.Evaluate(rule, state, value, 100, At(i), Interval));
        }

        Assert.True(crossings > 100, "the noise must cross the threshold many times");
        Assert.DoesNotContain(AlertStep.Raise, steps);
        Assert.DoesNotContain(AlertStep.Resolve, steps);
        Assert.True(state.Raised);

        // Updates come at most once per interval: 2000 s of values, 5 s apart at least.
        Assert.InRange(steps.Count(s => s == AlertStep.Update), 1, 2000 / 5);
    }

    [Fact]
    public void A_quiet_subject_never_raises_inside_the_band()
    {
        var rule = Above();
        var state = new AlertRuleState();
        var random = new Random(11);
        for (var i = 0; i < 1000; i++)
        {
            // Between clear and threshold (inclusive): not past it, so nothing to raise.
            Assert.Equal(AlertStep.None, ThresholdAlertMachine.Evaluate(rule, state, 15 + (random.NextDouble() * 15), 100, At(i), Interval));
        }
    }

    [Fact]
    public void Resolves_at_the_clear_threshold_and_can_raise_again_later()
    {
        var rule = Above();
        var state = new AlertRuleState();
        Assert.Equal(AlertStep.Raise, ThresholdAlertMachine.Evaluate(rule, state, 50, 100, At(0), Interval));
        Assert.NotEqual(AlertStep.Resolve, ThresholdAlertMachine.Evaluate(rule, state, 15.01, 100, At(10), Interval));
        Assert.Equal(AlertStep.Resolve, ThresholdAlertMachine.Evaluate(rule, state, 15, 100, At(20), Interval));
        Assert.False(state.Raised);

        // Resolved: values inside the band, then below the clear threshold, change nothing.
        Assert.Equal(AlertStep.None, ThresholdAlertMachine.Evaluate(rule, state, 29, 100, At(30), Interval));
        Assert.Equal(AlertStep.None, ThresholdAlertMachine.Evaluate(rule, state, 5, 100, At(40), Interval));
        Assert.Equal(AlertStep.Raise, ThresholdAlertMachine.Evaluate(rule, state, 31, 100, At(50), Interval));
        Assert.Equal(At(50), state.RaisedAtTicks);
    }

    [Fact]
    public void Below_rules_mirror_above_rules()
    {
        var rule = Below();
        var state = new AlertRuleState();
        Assert.Equal(AlertStep.None, ThresholdAlertMachine.Evaluate(rule, state, 0, 50, At(0), Interval));
        Assert.Equal(AlertStep.Raise, ThresholdAlertMachine.Evaluate(rule, state, -0.5, 50, At(1), Interval));
        Assert.NotEqual(AlertStep.Resolve, ThresholdAlertMachine.Evaluate(rule, state, 9.99, 50, At(10), Interval));
        Assert.Equal(AlertStep.Resolve, ThresholdAlertMachine.Evaluate(rule, state, 10, 50, At(20), Interval));
    }

    [Fact]
    public void Small_samples_neither_raise_nor_resolve()
    {
        var rule = Above();
        var state = new AlertRuleState();
        Assert.Equal(AlertStep.None, ThresholdAlertMachine.Evaluate(rule, state, 100, 19, At(0), Interval));
        Assert.False(state.Raised);
        Assert.Equal(AlertStep.Raise, ThresholdAlertMachine.Evaluate(rule, state, 100, 20, At(1), Interval));

        // A handful of good contacts is not evidence of recovery either.
        Assert.Equal(AlertStep.None, ThresholdAlertMachine.Evaluate(rule, state, 0, 3, At(10), Interval));
        Assert.True(state.Raised);
    }

    [Fact]
    public void Updates_are_rate_limited_and_only_sent_when_the_value_moved()
    {
        var rule = Above();
        var state = new AlertRuleState();
        Assert.Equal(AlertStep.Raise, ThresholdAlertMachine.Evaluate(rule, state, 40, 100, At(0), Interval));
        Assert.Equal(AlertStep.None, ThresholdAlertMachine.Evaluate(rule, state, 41, 100, At(4), Interval));
        Assert.Equal(AlertStep.Update, ThresholdAlertMachine.Evaluate(rule, state, 42, 100, At(5), Interval));
        Assert.Equal(42, state.ReportedValue);
        Assert.Equal(AlertStep.None, ThresholdAlertMachine.Evaluate(rule, state, 42, 100, At(60), Interval));

        // A resolve is a state change: it is never held back by the interval.
        Assert.Equal(AlertStep.Resolve, ThresholdAlertMachine.Evaluate(rule, state, 1, 100, At(61), Interval));
    }

    [Fact]
    public void Nps_rules_respect_the_query_minimum_responses()
    {
        var options = new AlertOptions
        {
            NpsMinimumResponses = 40,
            Customers = { Enabled = false },
            Rules =
            [
                new() { Name = "nps", Subject = "segment", Metric = "nps", Window = "24h", Comparison = "below", Threshold = 0, ClearThreshold = 10, MinimumResponses = 5 },
                new() { Name = "csat", Subject = "touchpoint", Metric = "csatTop2Percent", Window = "1h", Comparison = "below", Threshold = 70, MinimumResponses = 5 },
            ],
        };
        var rules = new AlertRuleSet(options);

        var nps = Assert.Single(rules.Segment);
        var csat = Assert.Single(rules.Touchpoint);
        Assert.Equal(40, nps.MinimumSamples);
        Assert.Equal(5, csat.MinimumSamples);
        Assert.Equal(70, csat.ClearThreshold); // no clear threshold: the threshold itself
        Assert.Equal(AlertStep.None, ThresholdAlertMachine.Evaluate(nps, new AlertRuleState(), -50, 39, At(0), Interval));
        Assert.Equal(AlertStep.Raise, ThresholdAlertMachine.Evaluate(nps, new AlertRuleState(), -50, 40, At(0), Interval));
    }

    [Fact]
    public void Metrics_read_the_value_and_sample_of_the_scoring_core()
    {
        var counts = default(MetricCounts);
        var now = T0;
        for (var i = 0; i < 10; i++)
        {
            counts.Record(Interaction.Contact(now, waitSeconds: 10 * i, handleSeconds: 100, resolved: true, firstContact: i % 2 == 0, transfers: 0, abandoned: i < 3, sentiment: 0), ServiceTarget.Default);
        }

        var values = MetricValues.From(counts);
        Assert.Equal((values.AbandonPercent, 10L), AlertMetrics.Read(AlertMetric.AbandonPercent, values));
        Assert.Equal((values.FcrPercent, 7L), AlertMetrics.Read(AlertMetric.FcrPercent, values));
        Assert.Equal(30, values.AbandonPercent, 9);
        Assert.Equal("abandonPercent", AlertMetrics.NameOf(AlertMetric.AbandonPercent));
    }

    // As Above(), resolved as "no data" after 60 s without new evidence.
    private static AlertRule SilentAfterAMinute() => new("abandon", AggregateKind.Touchpoint, AlertMetric.AbandonPercent, WindowKind.FifteenMinutes,
        AlertComparison.Above, threshold: 30, clearThreshold: 15, minimumSamples: 20, noDataTimeout: TimeSpan.FromSeconds(60));

    [Fact]
    public void A_raised_alert_without_new_evidence_resolves_as_no_data_at_the_timeout()
    {
        var rule = SilentAfterAMinute();
        var state = new AlertRuleState();
        Assert.Equal(AlertStep.Raise, ThresholdAlertMachine.Evaluate(rule, state, 50, 100, At(0), Interval));

        // Re-checks without new data: the window still holds the bad figures, but they are not new.
        Assert.Equal(AlertStep.None, ThresholdAlertMachine.Reevaluate(rule, state, 50, 100, At(30), Interval));
        Assert.Equal(AlertStep.None, ThresholdAlertMachine.Reevaluate(rule, state, 50, 100, At(59), Interval));
        Assert.Equal(AlertStep.NoData, ThresholdAlertMachine.Reevaluate(rule, state, 50, 100, At(60), Interval));
        Assert.False(state.Raised);
        Assert.Equal(50, state.ReportedValue);

        // Old data never raises again on a re-check; new data does.
        Assert.Equal(AlertStep.None, ThresholdAlertMachine.Reevaluate(rule, state, 50, 100, At(61), Interval));
        Assert.Equal(AlertStep.Raise, ThresholdAlertMachine.Evaluate(rule, state, 50, 100, At(62), Interval));
    }

    [Fact]
    public void New_evidence_keeps_a_raised_alert_and_data_under_the_minimum_is_no_evidence()
    {
        var rule = SilentAfterAMinute();
        var state = new AlertRuleState();
        Assert.Equal(AlertStep.Raise, ThresholdAlertMachine.Evaluate(rule, state, 50, 100, At(0), Interval));

        // New samples every 40 s: each refreshes the evidence, so 200 s later it is still raised.
        for (var t = 40; t <= 200; t += 40)
        {
            Assert.NotEqual(AlertStep.NoData, ThresholdAlertMachine.Evaluate(rule, state, 50, 100, At(t), Interval));
            Assert.Equal(AlertStep.None, ThresholdAlertMachine.Reevaluate(rule, state, 50, 100, At(t + 39), Interval));
        }

        Assert.True(state.Raised);

        // New data, but under the rule's minimum (the window aged to 5 contacts): not evidence either way.
        Assert.Equal(AlertStep.None, ThresholdAlertMachine.Evaluate(rule, state, 0, 5, At(230), Interval));
        Assert.Equal(AlertStep.NoData, ThresholdAlertMachine.Evaluate(rule, state, 0, 5, At(260), Interval));
    }

    [Fact]
    public void A_zero_timeout_never_resolves_for_lack_of_data_and_older_state_counts_from_the_raise()
    {
        var never = Above();
        var state = new AlertRuleState();
        Assert.Equal(AlertStep.Raise, ThresholdAlertMachine.Evaluate(never, state, 50, 100, At(0), Interval));
        Assert.Equal(AlertStep.None, ThresholdAlertMachine.Reevaluate(never, state, 50, 100, At(86_400), Interval));
        Assert.True(state.Raised);

        // State stored before evidence was tracked has no evidence time: the raise time stands in for it.
        var stored = new AlertRuleState { Raised = true, RaisedAtTicks = At(100), ReportedAtTicks = At(100), ReportedValue = 50 };
        Assert.Equal(AlertStep.None, ThresholdAlertMachine.Reevaluate(SilentAfterAMinute(), stored, 50, 100, At(159), Interval));
        Assert.Equal(AlertStep.NoData, ThresholdAlertMachine.Reevaluate(SilentAfterAMinute(), stored, 50, 100, At(160), Interval));
    }

    [Fact]
    public void A_re_check_resolves_a_value_that_aged_back_past_the_clear_threshold()
    {
        var rule = SilentAfterAMinute();
        var state = new AlertRuleState();
        Assert.Equal(AlertStep.Raise, ThresholdAlertMachine.Evaluate(rule, state, 50, 100, At(0), Interval));
        Assert.Equal(AlertStep.Resolve, ThresholdAlertMachine.Reevaluate(rule, state, 10, 40, At(20), Interval));
    }
}
