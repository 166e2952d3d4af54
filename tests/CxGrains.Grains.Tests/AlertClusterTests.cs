using CxGrains.Abstractions;
using CxGrains.Grains.Alerts;
using CxGrains.Scoring;
using CxGrains.TestSupport;
using Xunit.Abstractions;

namespace CxGrains.Grains.Tests;

/// <summary>
/// Rules evaluated by real touchpoint, segment and customer grains fed through the accumulator,
/// the alert grain's list, the live publisher and the signed webhook, end to end in a silo.
/// </summary>
[Collection(AlertCluster.Name)]
public sealed class AlertClusterTests(AlertClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Bronze = new() { ["region"] = "NOWHERE", ["tier"] = "bronze" };

    private IGrainFactory Grains => fixture.Cluster.Client;

    [Fact]
    public async Task A_touchpoint_alert_raises_holds_inside_the_band_and_resolves()
    {
        var touchpoint = TestEvents.UniqueId("tp-alert");
        var alertId = AlertSubjects.AlertId(AlertClusterFixture.TouchpointRule, $"touchpoint/{touchpoint}");

        // 5 of 10 contacts abandoned: 50 % > 30.
        await SendContactsAsync(touchpoint, answered: 5, abandoned: 5);
        var raised = await Eventually.ValueAsync(() => fixture.FindAsync(alertId, activeOnly: true), a => a is not null, "alert raised");
        Assert.Equal(AlertStatus.Raised, raised!.Status);
        Assert.Equal(50, raised.Value, 9);
        Assert.Equal(30, raised.Threshold);
        Assert.Equal($"touchpoint/{touchpoint}", raised.Subject);
        Assert.Equal(AlertClusterFixture.TouchpointRule, raised.Rule);
        Assert.Null(raised.ResolvedAtTicks);

        // 5 of 20: 25 %, below the threshold but above the clear threshold of 15: held.
        await SendContactsAsync(touchpoint, answered: 10, abandoned: 0);
        await WaitForContactsAsync(touchpoint, 20);
        await BarrierAsync();
        var held = await fixture.FindAsync(alertId);
        Assert.Equal(AlertStatus.Raised, held!.Status);
        Assert.Equal(raised.RaisedAtTicks, held.RaisedAtTicks);

        // 5 of 40: 12.5 % ≤ 15: resolved.
        await SendContactsAsync(touchpoint, answered: 20, abandoned: 0);
        var resolved = await Eventually.ValueAsync(() => fixture.FindAsync(alertId), a => a?.Status == AlertStatus.Resolved, "alert resolved");
        Assert.Equal(12.5, resolved!.Value, 9);
        Assert.Equal(raised.RaisedAtTicks, resolved.RaisedAtTicks);
        Assert.NotNull(resolved.ResolvedAtTicks);
        Assert.DoesNotContain(await fixture.Alerts.List(activeOnly: true), a => a.AlertId == alertId);

        // Exactly one raise and one resolution went to the live publisher and to the webhook, signed.
        var published = RecordingLivePublisher.For(alertId);
        Assert.Equal(AlertStatus.Raised, published[0].Status);
        Assert.Single(published, a => a.Status == AlertStatus.Resolved);
        Assert.Equal(AlertStatus.Resolved, published[^1].Status);
        var hooks = await Eventually.ValueAsync(() => Task.FromResult(fixture.Webhooks.For(alertId)), h => h.Count >= 2, "webhooks received");
        Assert.Equal(["alert.raised", "alert.resolved"], hooks.Select(h => h.Event));
        Assert.All(hooks, h => Assert.True(WebhookReceiver.SignatureIsValid(h, AlertClusterFixture.WebhookSecret, TimeSpan.FromMinutes(5))));
    }

    [Fact]
    public async Task The_alert_list_is_written_behind_and_stored_whole_on_deactivation()
    {
        var touchpoint = TestEvents.UniqueId("tp-write-behind");
        var alertId = AlertSubjects.AlertId(AlertClusterFixture.TouchpointRule, $"touchpoint/{touchpoint}");
        await SendContactsAsync(touchpoint, answered: 2, abandoned: 8);
        await Eventually.ValueAsync(() => fixture.FindAsync(alertId), a => a is not null, "alert raised");

        // Raised and published, but the list waits for its write interval (a minute here).
        Assert.False((await fixture.StoredAsync()).Active.ContainsKey(alertId));

        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var stored = await fixture.StoredAsync();
        Assert.Equal(AlertStatus.Raised, stored.Active[alertId].Status);
        Assert.Equal(AlertStatus.Raised, (await fixture.FindAsync(alertId))!.Status);
    }

    [Fact]
    public async Task Small_samples_do_not_alert()
    {
        var touchpoint = TestEvents.UniqueId("tp-small");
        var alertId = AlertSubjects.AlertId(AlertClusterFixture.TouchpointRule, $"touchpoint/{touchpoint}");

        // Nine contacts, all abandoned: 100 %, but under the rule's minimum of ten.
        await SendContactsAsync(touchpoint, answered: 0, abandoned: 9);
        await WaitForContactsAsync(touchpoint, 9);
        await BarrierAsync();
        Assert.Null(await fixture.FindAsync(alertId));

        await SendContactsAsync(touchpoint, answered: 0, abandoned: 1);
        var raised = await Eventually.ValueAsync(() => fixture.FindAsync(alertId), a => a is not null, "alert raised at the tenth contact");
        Assert.Equal(100, raised!.Value, 9);
    }

    [Fact]
    public async Task Reactivating_the_grains_does_not_raise_a_raised_alert_again()
    {
        var touchpoint = TestEvents.UniqueId("tp-reactivate");
        var alertId = AlertSubjects.AlertId(AlertClusterFixture.TouchpointRule, $"touchpoint/{touchpoint}");
        await SendContactsAsync(touchpoint, answered: 2, abandoned: 8);
        var raised = await Eventually.ValueAsync(() => fixture.FindAsync(alertId), a => a is not null, "alert raised");

        // Every grain (touchpoint and alert grain included) writes its state and deactivates.
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        await SendContactsAsync(touchpoint, answered: 0, abandoned: 10);
        await WaitForContactsAsync(touchpoint, 20);
        await BarrierAsync();

        var after = await fixture.FindAsync(alertId);
        Assert.Equal(AlertStatus.Raised, after!.Status);
        Assert.Equal(raised!.RaisedAtTicks, after.RaisedAtTicks);
        Assert.Single(await fixture.Alerts.List(activeOnly: false), a => a.AlertId == alertId);
        Assert.Single(RecordingLivePublisher.For(alertId), a => a.UpdatedAtTicks == a.RaisedAtTicks);
        Assert.Single(fixture.Webhooks.For(alertId));
    }

    [Fact]
    public async Task An_alert_on_a_touchpoint_that_goes_silent_resolves_as_no_data_and_data_raises_it_again()
    {
        var subject = $"touchpoint/{AlertClusterFixture.SilentTouchpoint}";
        var alertId = AlertSubjects.AlertId(AlertClusterFixture.SilentRule, subject);
        await SendContactsAsync(AlertClusterFixture.SilentTouchpoint, answered: 2, abandoned: 8);
        var raised = await Eventually.ValueAsync(() => fixture.FindAsync(alertId, activeOnly: true), a => a is not null, "alert raised");

        // Nothing more arrives, and the touchpoint's grain is not even active: the alert grain's sweep wakes it.
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var resolved = await Eventually.ValueAsync(() => fixture.FindAsync(alertId), a => a?.Status == AlertStatus.Resolved, "alert resolved as no data");
        Assert.StartsWith("No new abandonPercent data for 2s: resolved as no data; last value 80", resolved!.Message, StringComparison.Ordinal);
        Assert.Equal(80, resolved.Value, 9);
        var silentFor = TimeSpan.FromTicks(resolved.ResolvedAtTicks!.Value - raised!.RaisedAtTicks);
        output.WriteLine($"resolved as no data {silentFor.TotalSeconds:F2} s after the last evidence");
        Assert.InRange(silentFor, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));

        // The touchpoint-wide rule on the same figures keeps its alert: its no-data timeout is the default 30 minutes.
        var wide = await fixture.FindAsync(AlertSubjects.AlertId(AlertClusterFixture.TouchpointRule, subject), activeOnly: true);
        Assert.Equal(AlertStatus.Raised, wide!.Status);

        // Data that is still bad raises it again; old data alone never did.
        await SendContactsAsync(AlertClusterFixture.SilentTouchpoint, answered: 0, abandoned: 10);
        var again = await Eventually.ValueAsync(() => fixture.FindAsync(alertId, activeOnly: true), a => a is not null, "alert raised again");
        Assert.True(again!.RaisedAtTicks >= resolved.ResolvedAtTicks);
        var hooks = await Eventually.ValueAsync(() => Task.FromResult(fixture.Webhooks.For(alertId)), h => h.Count >= 3, "webhooks received");
        Assert.Equal(["alert.raised", "alert.resolved", "alert.raised"], hooks.Take(3).Select(h => h.Event));
    }

    [Fact]
    public async Task A_segment_rule_watches_only_its_subjects()
    {
        var watched = $"region={AlertClusterFixture.WatchedRegion}";
        var other = $"region=OTHER{Guid.NewGuid():N}";
        var watchedId = AlertSubjects.AlertId(AlertClusterFixture.SegmentRule, $"segment/{watched}");

        // The same unhappy answers in a segment the rule does not list: no alert.
        await SendCsatAsync(other[7..], low: 10, high: 0);
        await Eventually.TrueAsync(async () => (await Grains.GetGrain<ISegmentGrain>(other).GetSnapshot(WindowKind.OneHour))?.Counts.CsatResponses == 10);

        await SendCsatAsync(AlertClusterFixture.WatchedRegion, low: 10, high: 0);
        var raised = await Eventually.ValueAsync(() => fixture.FindAsync(watchedId, activeOnly: true), a => a is not null, "segment alert raised");
        Assert.Equal(0, raised!.Value, 9);
        Assert.DoesNotContain(await fixture.Alerts.List(activeOnly: false), a => a.Subject == $"segment/{other}");

        // 30 of 40 satisfied: 75 % ≥ 70.
        await SendCsatAsync(AlertClusterFixture.WatchedRegion, low: 0, high: 30);
        var resolved = await Eventually.ValueAsync(() => fixture.FindAsync(watchedId), a => a?.Status == AlertStatus.Resolved, "segment alert resolved");
        Assert.Equal(75, resolved!.Value, 9);
    }

    [Fact]
    public async Task A_high_value_customer_turning_critical_raises_until_it_recovers()
    {
        var bronze = TestEvents.UniqueId("cust-bronze");
        var gold = TestEvents.UniqueId("cust-gold");
        var rule = "high-value-customer-critical";
        var goldId = AlertSubjects.AlertId(rule, $"customer/{gold}");

        // A bronze customer turning critical is not alerted on.
        await ApplyAsync(bronze, Bad(bronze, 8), "bronze");
        Assert.Equal(HealthBand.Critical, (await Grains.GetGrain<ICustomerGrain>(bronze).GetSnapshot())!.Band);

        await ApplyAsync(gold, Bad(gold, 8), "gold");
        Assert.Equal(HealthBand.Critical, (await Grains.GetGrain<ICustomerGrain>(gold).GetSnapshot())!.Band);
        var raised = await Eventually.ValueAsync(() => fixture.FindAsync(goldId, activeOnly: true), a => a is not null, "customer alert raised");
        Assert.Equal($"customer/{gold}", raised!.Subject);
        Assert.True(raised.Value < HealthModel.AtRiskThreshold);
        Assert.DoesNotContain(await fixture.Alerts.List(activeOnly: false), a => a.Subject == $"customer/{bronze}");

        // Good experiences lift the customer out of CRITICAL: resolved.
        await ApplyAsync(gold, Good(gold, 40), "gold");
        Assert.NotEqual(HealthBand.Critical, (await Grains.GetGrain<ICustomerGrain>(gold).GetSnapshot())!.Band);
        var resolved = await Eventually.ValueAsync(() => fixture.FindAsync(goldId), a => a?.Status == AlertStatus.Resolved, "customer alert resolved");
        Assert.True(resolved!.Value >= HealthModel.AtRiskThreshold);

        // Erasing the customer removes its alerts too.
        Assert.True(await Grains.GetGrain<ICustomerGrain>(gold).Erase());
        Assert.DoesNotContain(await fixture.Alerts.List(activeOnly: false), a => a.Subject == $"customer/{gold}");
    }

    private async Task ApplyAsync(string customer, List<CustomerEvent> events, string tier)
    {
        var attributes = new Dictionary<string, string> { ["region"] = "NOWHERE", ["tier"] = tier };
        var withTier = events.Select(e => e with { Attributes = attributes }).ToList();
        await Grains.GetGrain<ICustomerGrain>(customer).Apply(withTier);
    }

    private static List<CustomerEvent> Bad(string prefix, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var at = now.AddMinutes(-1).UtcTicks;
        return [.. Enumerable.Range(0, count).SelectMany(i => new[]
        {
            TestEvents.Create($"{prefix}-bad-nps-{i}", "tp-customers", Interaction.Nps(0, at), now),
            TestEvents.Create($"{prefix}-bad-csat-{i}", "tp-customers", Interaction.Csat(1, at), now),
            TestEvents.Create($"{prefix}-bad-ces-{i}", "tp-customers", Interaction.Ces(1, at), now),
            TestEvents.Create($"{prefix}-bad-contact-{i}", "tp-customers", Interaction.Contact(at, 900, 600, false, false, 3, false, -1), now),
        })];
    }

    private static List<CustomerEvent> Good(string prefix, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var at = now.UtcTicks;
        return [.. Enumerable.Range(0, count).SelectMany(i => new[]
        {
            TestEvents.Create($"{prefix}-good-nps-{i}", "tp-customers", Interaction.Nps(10, at), now),
            TestEvents.Create($"{prefix}-good-csat-{i}", "tp-customers", Interaction.Csat(5, at), now),
            TestEvents.Create($"{prefix}-good-ces-{i}", "tp-customers", Interaction.Ces(7, at), now),
            TestEvents.Create($"{prefix}-good-contact-{i}", "tp-customers", Interaction.Contact(at, 5, 120, true, true, 0, false, 1), now),
        })];
    }

    private async Task SendContactsAsync(string touchpoint, int answered, int abandoned)
    {
        var now = DateTimeOffset.UtcNow;
        var at = now.AddMinutes(-1).UtcTicks;
        var customer = TestEvents.UniqueId("cust-contacts");
        var events = Enumerable.Range(0, answered + abandoned)
            .Select(i => TestEvents.Create($"e-{Guid.NewGuid():N}", touchpoint,
                Interaction.Contact(at, 10, 120, resolved: true, firstContact: true, transfers: 0, abandoned: i < abandoned, sentiment: 0), now, Bronze))
            .ToList();
        await Grains.GetGrain<ICustomerGrain>(customer).Apply(events);
    }

    private async Task SendCsatAsync(string region, int low, int high)
    {
        var now = DateTimeOffset.UtcNow;
        var at = now.AddMinutes(-1).UtcTicks;
        var attributes = new Dictionary<string, string> { ["region"] = region, ["tier"] = "bronze" };
        var events = Enumerable.Range(0, low + high)
            .Select(i => TestEvents.Create($"e-{Guid.NewGuid():N}", "tp-csat", Interaction.Csat(i < low ? 1 + (i % 2) : 5, at), now, attributes))
            .ToList();
        await Grains.GetGrain<ICustomerGrain>(TestEvents.UniqueId("cust-csat")).Apply(events);
    }

    private async Task WaitForContactsAsync(string touchpoint, long contacts) =>
        await Eventually.TrueAsync(async () => (await Grains.GetGrain<ITouchpointGrain>(touchpoint).GetSnapshot(WindowKind.OneHour))?.Counts.Contacts == contacts,
            $"touchpoint merged {contacts} contacts");

    /// <summary>
    /// Waits until every alert change reported so far has reached the alert grain: the silo's reporter
    /// is first in, first out, so once a fresh sentinel alert arrives, earlier changes have been applied.
    /// </summary>
    private async Task BarrierAsync()
    {
        var sentinel = TestEvents.UniqueId("tp-sentinel");
        await SendContactsAsync(sentinel, answered: 0, abandoned: 10);
        var id = AlertSubjects.AlertId(AlertClusterFixture.TouchpointRule, $"touchpoint/{sentinel}");
        await Eventually.TrueAsync(async () => await fixture.FindAsync(id) is not null, "sentinel alert arrived");
    }
}
