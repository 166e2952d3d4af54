using System.Reflection;
using CxGrains.Abstractions;
using CxGrains.Abstractions.Recompute;
using CxGrains.Scoring;
using CxGrains.TestingHost;
using CxGrains.TestSupport;
using Orleans.TestingHost;

namespace CxGrains.Grains.Tests;

/// <summary>
/// Recompute rebuilds customers, touchpoint windows and segments from the event journal with the
/// current scoring code: after a scoring setting changed, a recomputed cluster must show exactly what a
/// cluster that ran the new setting from the start shows, and a second run must change nothing.
/// </summary>
[Collection(PostgresCluster.Name)]
public sealed class RecomputeTests(PostgresClusterFixture fixture)
{
    private const int Customers = 24;
    private const int Batches = 3;
    private const int EventsPerBatch = 10;
    private const int Touchpoints = 3;

    private static readonly string[] Regions = ["EU", "US"];

    // Segments every test customer counts in; the at-risk lists are compared by membership.
    private static readonly string[] Segments = ["all", "region=EU", "region=US", "tier=gold"];

    [Fact]
    public async Task A_recompute_after_a_scoring_change_gives_exactly_the_state_of_a_cluster_that_scored_so_from_the_start()
    {
        var run = TestEvents.UniqueId("rc")[..16];
        var touchpoints = Enumerable.Range(0, Touchpoints).Select(i => $"tp-{run}-{i}").ToArray();
        var customers = Enumerable.Range(0, Customers).Select(i => $"{run}-c{i}").ToArray();
        var now = DateTimeOffset.UtcNow;

        // The scoring change: two touchpoints promise a 5 s wait, so most contacts there become negative experiences.
        var changed = new Dictionary<string, string?>
        {
            [$"Cx:ServiceTargets:TargetWaitSeconds:{touchpoints[0]}"] = "5",
            [$"Cx:ServiceTargets:TargetWaitSeconds:{touchpoints[1]}"] = "5",
        };

        var recomputed = await fixture.Postgres.CreateDatabaseAsync();
        var recomputedService = TestEvents.UniqueId("rcsvc")[..24];
        var startedAt = DateTimeOffset.UtcNow;
        await using (var before = await TestClusters.StartAsync(StoreKind.Postgres, recomputed, 1, "Durable", serviceId: recomputedService))
        {
            await IngestAsync(before, customers, touchpoints, now);
        }

        Views expected;
        await using (var reference = await TestClusters.StartAsync(StoreKind.Postgres, await fixture.Postgres.CreateDatabaseAsync(), 1, "Durable",
            extraSettings: changed))
        {
            await IngestAsync(reference, customers, touchpoints, now);
            expected = await ReadAsync(reference, customers, touchpoints);
        }

        await using var after = await TestClusters.StartAsync(StoreKind.Postgres, recomputed, 1, "Durable", serviceId: recomputedService,
            extraSettings: changed);
        var stale = await ReadAsync(after, customers, touchpoints);
        Assert.NotEqual(expected.Touchpoints[touchpoints[0]].Day.Negative, stale.Touchpoints[touchpoints[0]].Day.Negative);

        var first = await RecomputeAsync(after, startedAt.AddMinutes(-1));
        Assert.Equal(Customers, first.CustomersRebuilt);
        Assert.Equal(Customers, first.CustomersTotal);
        Assert.Equal(Customers * Batches * EventsPerBatch, first.EntriesReplayed);
        Assert.True(first.AggregatesRebuilt >= Touchpoints + 3, $"{first.AggregatesRebuilt} touchpoints and segments rebuilt");
        Assert.True(first.ReplayRate(first.FinishedAtTicks!.Value) > 0);
        expected.AssertSame(await ReadAsync(after, customers, touchpoints));

        // Idempotent: the same run again changes nothing.
        var second = await RecomputeAsync(after, startedAt.AddMinutes(-1));
        Assert.NotEqual(first.RunId, second.RunId);
        expected.AssertSame(await ReadAsync(after, customers, touchpoints));
    }

    [Fact]
    public async Task A_recompute_of_an_unchanged_cluster_changes_nothing()
    {
        var run = TestEvents.UniqueId("rcsame")[..16];
        var touchpoints = Enumerable.Range(0, Touchpoints).Select(i => $"tp-{run}-{i}").ToArray();
        var customers = Enumerable.Range(0, Customers).Select(i => $"{run}-c{i}").ToArray();
        await using var cluster = await TestClusters.StartAsync(StoreKind.Postgres, await fixture.Postgres.CreateDatabaseAsync(), 1, "Durable");
        await IngestAsync(cluster, customers, touchpoints, DateTimeOffset.UtcNow);
        var live = await ReadAsync(cluster, customers, touchpoints);

        var status = await RecomputeAsync(cluster, DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(Customers, status.CustomersRebuilt);
        live.AssertSame(await ReadAsync(cluster, customers, touchpoints));
    }

    [Fact]
    public async Task Recompute_in_ack_mode_applied_is_refused_because_there_is_no_journal()
    {
        using var directory = new TempDirectory();
        await using var cluster = await TestClusters.StartAsync(StoreKind.Sqlite, Path.Combine(directory.Path, "applied.db"), 1, "Applied");
        var start = await cluster.Client.GetGrain<IRecomputeGrain>(RecomputeGrainKeys.Cluster).Start(DateTimeOffset.UtcNow.AddHours(-1).UtcTicks);
        Assert.Null(start.Run);
        Assert.Contains("ack mode durable", start.Refusal);
    }

    private static async Task<RecomputeStatus> RecomputeAsync(InProcessTestCluster cluster, DateTimeOffset from)
    {
        var coordinator = cluster.Client.GetGrain<IRecomputeGrain>(RecomputeGrainKeys.Cluster);
        var start = await coordinator.Start(from.UtcTicks);
        Assert.NotNull(start.Run);
        Assert.False(start.AlreadyRunning);

        // A second start while it runs returns the running one.
        var again = await coordinator.Start(from.UtcTicks);
        if (again.Run!.State == RecomputeState.Running)
        {
            Assert.True(again.AlreadyRunning);
            Assert.Equal(start.Run.RunId, again.Run.RunId);
        }

        var done = await Eventually.ValueAsync(() => coordinator.Get(start.Run.RunId), s => s is { State: not RecomputeState.Running }, "the recompute ends", 120);
        Assert.True(done!.State == RecomputeState.Succeeded, done.Error);
        return done;
    }

    private static async Task IngestAsync(InProcessTestCluster cluster, string[] customers, string[] touchpoints, DateTimeOffset now)
    {
        for (var batch = 0; batch < Batches; batch++)
        {
            await Task.WhenAll(customers.Select((id, i) =>
            {
                var attributes = new Dictionary<string, string> { ["region"] = Regions[i % Regions.Length], ["tier"] = i % 3 == 0 ? "gold" : "silver" };
                var events = TestEvents.Random(new Random((i * 131) + batch), EventsPerBatch, touchpoints[(i + batch) % touchpoints.Length], now, $"{id}-b{batch}")
                    .Select(e => e with { Attributes = attributes })
                    .ToList();
                return cluster.Client.GetGrain<ICustomerGrain>(id).Apply(events);
            }));
        }

        // Every event's counts reached its touchpoint, and every customer is counted in the segments.
        const long total = Customers * Batches * EventsPerBatch;
        await Eventually.TrueAsync(async () =>
        {
            long sum = 0;
            foreach (var tp in touchpoints)
            {
                sum += (await cluster.Client.GetGrain<ITouchpointGrain>(tp).GetSnapshot(WindowKind.OneDay))?.LifetimeEvents ?? 0;
            }

            return sum == total;
        }, "touchpoints have every event");
    }

    private static async Task<Views> ReadAsync(InProcessTestCluster cluster, string[] customers, string[] touchpoints)
    {
        // Let the accumulator deliver what is pending (band moves after a recompute).
        await Task.Delay(500);
        var views = new Views();
        foreach (var id in customers)
        {
            views.Customers[id] = (await cluster.Client.GetGrain<ICustomerGrain>(id).GetSnapshot())!;
        }

        foreach (var tp in touchpoints)
        {
            var grain = cluster.Client.GetGrain<ITouchpointGrain>(tp);
            views.Touchpoints[tp] = ((await grain.GetSnapshot(WindowKind.OneHour))!.Counts, (await grain.GetSnapshot(WindowKind.OneDay))!.Counts,
                (await grain.GetSnapshot(WindowKind.OneDay))!.LifetimeEvents);
        }

        foreach (var key in Segments)
        {
            var grain = cluster.Client.GetGrain<ISegmentGrain>(key);
            var day = (await grain.GetSnapshot(WindowKind.OneDay))!;
            var atRisk = await grain.ListAtRisk(100);
            views.Segments[key] = (day.Counts, day.Health, day.LifetimeEvents, [.. atRisk.Select(a => a.CustomerId).Order()]);
        }

        return views;
    }

    private sealed class Views
    {
        public Dictionary<string, CustomerSnapshot> Customers { get; } = [];

        public Dictionary<string, (MetricCounts Hour, MetricCounts Day, long Lifetime)> Touchpoints { get; } = [];

        public Dictionary<string, (MetricCounts Day, BandCounts Health, long Lifetime, string[] AtRisk)> Segments { get; } = [];

        public void AssertSame(Views actual)
        {
            foreach (var (id, snapshot) in Customers)
            {
                CustomerSnapshotAssert.Same(snapshot, actual.Customers[id]);
            }

            foreach (var (id, (hour, day, lifetime)) in Touchpoints)
            {
                var other = actual.Touchpoints[id];
                CountsAssert.Same(hour, other.Hour, $"touchpoint {id}, 1 h");
                CountsAssert.Same(day, other.Day, $"touchpoint {id}, 1 day");
                Assert.Equal(lifetime, other.Lifetime);
            }

            foreach (var (key, (day, health, lifetime, atRisk)) in Segments)
            {
                var other = actual.Segments[key];
                CountsAssert.Same(day, other.Day, $"segment {key}, 1 day");
                Assert.Equal(health, other.Health);
                Assert.Equal(lifetime, other.Lifetime);
                Assert.Equal(atRisk, other.AtRisk);
            }
        }
    }
}

/// <summary>Metric counts compared field by field: counts exactly, sums of doubles within rounding (their order of addition differs).</summary>
internal static class CountsAssert
{
    public static void Same(MetricCounts expected, MetricCounts actual, string what)
    {
        foreach (var field in typeof(MetricCounts).GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            var e = field.GetValue(expected);
            var a = field.GetValue(actual);
            if (e is double de && a is double da)
            {
                Assert.True(Math.Abs(de - da) <= 1e-9 * Math.Max(1, Math.Abs(de)), $"{what}: {field.Name} {de} ≠ {da}");
            }
            else
            {
                Assert.True(Equals(e, a), $"{what}: {field.Name} {e} ≠ {a}");
            }
        }
    }
}
