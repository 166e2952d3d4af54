using CxGrains.Abstractions;
using CxGrains.Scoring;
using CxGrains.TestSupport;
using Orleans.TestingHost;

namespace CxGrains.Grains.Tests;

/// <summary>
/// The persistence suite: the same tests on the embedded store and on PostgreSQL. Each test uses
/// its own grain keys, so one cluster per store serves them all.
/// </summary>
public abstract class CustomerPersistenceTests(InProcessTestCluster cluster)
{
    private IGrainFactory Grains => cluster.Client;

    [Fact]
    public async Task State_survives_deactivation()
    {
        var id = TestEvents.UniqueId("roundtrip");
        var grain = Grains.GetGrain<ICustomerGrain>(id);
        var events = TestEvents.Random(new Random(1), 40, "tp-roundtrip", DateTimeOffset.UtcNow);
        var result = await grain.Apply(events);
        Assert.Equal(new ApplyResult(40, 0), result);
        var before = await grain.GetSnapshot();

        await DeactivateAndWaitForWriteAsync(grain);

        var after = await grain.GetSnapshot();
        Assert.NotNull(before);
        Assert.NotNull(after);
        CustomerSnapshotAssert.Same(before, after);
    }

    [Fact]
    public async Task History_and_override_survive_deactivation()
    {
        var grain = Grains.GetGrain<ICustomerGrain>(TestEvents.UniqueId("history"));
        await grain.Apply(TestEvents.Random(new Random(6), 20, "tp-history", DateTimeOffset.UtcNow));
        var healthOverride = new HealthOverride
        {
            Band = HealthBand.Critical,
            Reason = "legal dispute",
            SetBy = "crm-admin",
            SetAtTicks = DateTimeOffset.UtcNow.UtcTicks,
            ExpiresAtTicks = DateTimeOffset.UtcNow.AddDays(3).UtcTicks,
        };
        var set = await grain.SetHealthOverride(healthOverride);
        var history = await grain.GetHistory();
        Assert.Equal(HealthBand.Critical, set!.Band);
        Assert.True(Assert.Single(history!).Overridden);

        await DeactivateAndWaitForWriteAsync(grain);

        var after = await grain.GetSnapshot();
        Assert.Equal(healthOverride, after!.Override);
        Assert.Equal(HealthBand.Critical, after.Band);
        Assert.Equal(history, await grain.GetHistory());
    }

    [Fact]
    public async Task Duplicates_across_a_restart_count_once()
    {
        var id = TestEvents.UniqueId("dupes");
        var grain = Grains.GetGrain<ICustomerGrain>(id);
        var events = TestEvents.Random(new Random(2), 25, "tp-dupes", DateTimeOffset.UtcNow);
        await grain.Apply(events);
        var before = await grain.GetSnapshot();

        await DeactivateAndWaitForWriteAsync(grain);

        var resend = await grain.Apply(events);
        Assert.Equal(new ApplyResult(0, 25), resend);
        var after = await grain.GetSnapshot();
        Assert.Equal(before!.EventCount, after!.EventCount);
        Assert.Equal(before.HealthScore, after.HealthScore, 6);
    }

    [Fact]
    public async Task Out_of_order_events_score_like_in_order_ones()
    {
        var now = DateTimeOffset.UtcNow;
        var events = TestEvents.Random(new Random(3), 60, "tp-order", now)
            .OrderBy(e => e.Interaction.OccurredAtTicks).ToList();
        var shuffled = events.OrderBy(_ => Guid.NewGuid()).ToList();

        var inOrder = Grains.GetGrain<ICustomerGrain>(TestEvents.UniqueId("ordered"));
        var outOfOrder = Grains.GetGrain<ICustomerGrain>(TestEvents.UniqueId("shuffled"));
        foreach (var chunk in events.Chunk(7))
        {
            await inOrder.Apply(chunk);
        }

        foreach (var chunk in shuffled.Chunk(7))
        {
            await outOfOrder.Apply(chunk);
        }

        // Scores are evaluated when asked and decay continuously: the two snapshots are taken
        // milliseconds apart, which moves them by ~1e-7. An ordering bug moves them by whole points.
        var a = (await inOrder.GetSnapshot())!;
        var b = (await outOfOrder.GetSnapshot())!;
        Assert.Equal(a.HealthScore, b.HealthScore, 5);
        Assert.Equal(a.ChurnRisk, b.ChurnRisk, 5);
        Assert.Equal(a.Band, b.Band);
        Assert.Equal(a.NegativeExperiences, b.NegativeExperiences);
        Assert.Equal(a.Components.Select(c => c.Name), b.Components.Select(c => c.Name));
        for (var i = 0; i < a.Components.Count; i++)
        {
            Assert.Equal(a.Components[i].Score, b.Components[i].Score, 5);
        }

        Assert.Equal(a.Recent.Select(r => r.EventId), b.Recent.Select(r => r.EventId));
        Assert.Equal(a.LastNps?.OccurredAtTicks, b.LastNps?.OccurredAtTicks);
    }

    [Fact]
    public async Task Hex_looking_and_plus_ids_keep_separate_state()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        string[] ids = [$"00abc890{suffix}", $"abc890{suffix}", $"a+b{suffix}", $"a{suffix}", $"b{suffix}", $"+{suffix}"];
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < ids.Length; i++)
        {
            // Customer i gets i + 1 events, so every customer's state is distinguishable.
            var grain = Grains.GetGrain<ICustomerGrain>(ids[i]);
            await grain.Apply(TestEvents.Random(new Random(10 + i), i + 1, "tp-keys", now, ids[i]));
        }

        foreach (var id in ids)
        {
            await DeactivateAndWaitForWriteAsync(Grains.GetGrain<ICustomerGrain>(id));
        }

        for (var i = 0; i < ids.Length; i++)
        {
            var snapshot = await Grains.GetGrain<ICustomerGrain>(ids[i]).GetSnapshot();
            Assert.NotNull(snapshot);
            Assert.Equal(i + 1, snapshot.EventCount);
        }
    }

    [Fact]
    public async Task A_customer_and_a_touchpoint_with_one_id_keep_separate_state()
    {
        var shared = TestEvents.UniqueId("shared");
        var customer = Grains.GetGrain<ICustomerGrain>(shared);
        await customer.Apply(TestEvents.Random(new Random(4), 3, shared, DateTimeOffset.UtcNow));

        var touchpoint = Grains.GetGrain<ITouchpointGrain>(shared);
        await Eventually.TrueAsync(async () => (await touchpoint.GetSnapshot(WindowKind.OneDay))?.Counts.Events == 3);
        await DeactivateAndWaitForWriteAsync(customer);
        await DeactivateAndWaitForWriteAsync(touchpoint);

        Assert.Equal(3, (await customer.GetSnapshot())!.EventCount);
        Assert.Equal(3, (await touchpoint.GetSnapshot(WindowKind.OneDay))!.LifetimeEvents);
    }

    [Fact]
    public async Task Erase_removes_the_customer_from_memory_and_storage()
    {
        var grain = Grains.GetGrain<ICustomerGrain>(TestEvents.UniqueId("erase"));
        await grain.Apply(TestEvents.Random(new Random(5), 5, "tp-erase", DateTimeOffset.UtcNow));
        Assert.True(await grain.Erase());

        await DeactivateAndWaitForWriteAsync(grain);
        Assert.Null(await grain.GetSnapshot());
        Assert.False(await grain.Erase());
    }

    [Fact]
    public async Task A_segment_lists_its_top_at_risk_customers_up_to_its_bound_counts_every_one_and_keeps_the_list()
    {
        var region = $"RISK{Guid.NewGuid():N}";
        var segment = Grains.GetGrain<ISegmentGrain>($"region={region}");
        string[] tiers = ["platinum", "gold", "silver", "bronze"];
        var customers = Enumerable.Range(0, 12).Select(i => (Id: TestEvents.UniqueId($"risk{i}"), Tier: tiers[i % 4], Bad: 1 + (i % 3))).ToList();
        foreach (var (id, tier, bad) in customers)
        {
            await Grains.GetGrain<ICustomerGrain>(id).Apply(BadExperiences(id, bad, region, tier));
        }

        var snapshots = await Task.WhenAll(customers.Select(c => Grains.GetGrain<ICustomerGrain>(c.Id).GetSnapshot()));
        var atRisk = snapshots.Count(s => s!.Band != HealthBand.Healthy);
        Assert.True(atRisk > TestClusters.AtRiskKept, $"only {atRisk} customers turned at risk");
        await Eventually.TrueAsync(async () => await segment.GetSnapshot(WindowKind.OneHour) is { } s && s.Health.AtRisk + s.Health.Critical == atRisk);

        var listed = await segment.ListAtRisk(100);
        Assert.Equal(TestClusters.AtRiskKept, listed.Count);
        Assert.Equal(listed.OrderByDescending(e => e.Priority).Select(e => e.CustomerId), listed.Select(e => e.CustomerId));

        // Reference: each at-risk customer's priority (value weight × churn risk) from its own snapshot; none left out may outrank one kept.
        var weights = new Customers.CustomerOptions();
        var leftOut = customers.Zip(snapshots)
            .Where(p => p.Second!.Band != HealthBand.Healthy && listed.All(e => e.CustomerId != p.First.Id))
            .Select(p => weights.ValueWeightOf(p.First.Tier) * p.Second!.ChurnRisk);
        Assert.All(leftOut, priority => Assert.True(priority <= listed[^1].Priority + 1e-3, $"{priority} left out below {listed[^1].Priority}"));

        await DeactivateAndWaitForWriteAsync(segment);
        Assert.Equal(listed.Select(e => e.CustomerId), (await segment.ListAtRisk(100)).Select(e => e.CustomerId));
    }

    private static List<CustomerEvent> BadExperiences(string customerId, int count, string region, string tier)
    {
        var now = DateTimeOffset.UtcNow;
        var at = now.AddMinutes(-1).UtcTicks;
        var attributes = new Dictionary<string, string> { ["region"] = region, ["tier"] = tier };
        return [.. Enumerable.Range(0, count).SelectMany(i => new[]
        {
            TestEvents.Create($"{customerId}-nps-{i}", "tp-risk", Interaction.Nps(0, at), now, attributes),
            TestEvents.Create($"{customerId}-csat-{i}", "tp-risk", Interaction.Csat(1, at), now, attributes),
            TestEvents.Create($"{customerId}-contact-{i}", "tp-risk", Interaction.Contact(at, 900, 600, false, false, 3, false, -1), now, attributes),
        })];
    }

    [Fact]
    public async Task A_queue_keeps_its_contacts_and_figures_across_a_restart()
    {
        var grain = Grains.GetGrain<ITouchpointGrain>(TestEvents.UniqueId("queue-restart"));
        var scenario = QueueScenario.Generate(21, 300, DateTime.UtcNow, ServiceTarget.DefaultTargetWaitSeconds, 5);
        var half = scenario.Steps.Count / 2;
        var first = await grain.ApplyQueueSteps([.. scenario.Steps.Take(half)]);

        await DeactivateAndWaitForWriteAsync(grain);

        // The whole stream again: the first half is all duplicates, remembered across the restart.
        var all = await grain.ApplyQueueSteps([.. scenario.Steps]);
        Assert.Equal(scenario.Applied, first.Applied + all.Applied);
        var queue = (await grain.GetSnapshot(WindowKind.OneHour))!.Queue!;
        var expected = scenario.Expected;
        Assert.Equal(expected.Waiting, queue.Waiting);
        Assert.Equal(expected.OldestWaitingSinceTicks, queue.OldestWaitingSinceTicks);
        Assert.Equal(expected.InHandling, queue.InHandling);
        Assert.Equal(
            (expected.Offered, expected.Answered, expected.AnsweredWithinTarget, expected.Abandoned, expected.ShortAbandoned, expected.Handled),
            (queue.Window.Offered, queue.Window.Answered, queue.Window.AnsweredWithinTarget, queue.Window.Abandoned, queue.Window.ShortAbandoned, queue.Window.Handled));
        var figures = Scoring.Queues.QueueFigures.Of(queue.Window);
        Assert.Equal(expected.AverageSpeedOfAnswerSeconds, figures.AverageSpeedOfAnswerSeconds, 9);
        Assert.Equal(expected.AverageHandleSeconds, figures.AverageHandleSeconds, 9);
    }

    private async Task DeactivateAndWaitForWriteAsync(IAddressable grain)
    {
        // Deactivation writes dirty state; the next call reactivates from storage.
        await cluster.DeactivateAsync(grain);
        await cluster.WaitForDeactivationAsync(grain);
    }
}
