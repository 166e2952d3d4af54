using System.Runtime.CompilerServices;
using CxGrains.Abstractions;
using CxGrains.Grains.Customers;
using CxGrains.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Serialization;
using Xunit.Abstractions;

namespace CxGrains.Grains.Tests;

/// <summary>
/// A customer's daily health history against a reference: a plain dictionary of the last evaluation
/// of each UTC day, fed evaluations on a fake clock.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class HealthHistoryTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly int[] EvaluationHours = [2, 11, 23];

    [Fact]
    public void Keeps_one_point_per_day_the_days_last_value_and_only_the_last_90_days()
    {
        var time = new FakeTimeProvider(Start);
        var history = new HealthHistory();
        var reference = new SortedDictionary<DateOnly, (double Score, HealthBand Band, bool Overridden)>();

        for (var day = 0; day < 120; day++)
        {
            var midnight = Start.AddDays(day);
            for (var k = 0; k < EvaluationHours.Length; k++)
            {
                time.SetUtcNow(midnight.AddHours(EvaluationHours[k]).AddMinutes(17));
                var score = ScoreOf(day, k);
                var overridden = day % 10 == 0 && k == 2;
                history.Record(time.GetUtcNow().UtcTicks, score, HealthModel.BandOf(score), overridden, MetricDefinitions.Version);
                reference[DateOnly.FromDateTime(midnight.UtcDateTime)] = (Hundredths(score), HealthModel.BandOf(score), overridden);
            }
        }

        var expected = reference.Skip(120 - HealthHistory.Days).ToList();
        var points = history.ToPoints();
        Assert.Equal(HealthHistory.Days, points.Count);
        Assert.Equal(HealthHistory.Days, history.Points.Length);
        Assert.Equal(expected.Select(p => p.Key), points.Select(p => p.Day));
        Assert.Equal(DateOnly.FromDateTime(Start.AddDays(30).UtcDateTime), points[0].Day);
        Assert.Equal(expected.Select(p => p.Value.Score), points.Select(p => p.HealthScore));
        Assert.Equal(expected.Select(p => p.Value.Band), points.Select(p => p.Band));
        Assert.Equal(expected.Select(p => p.Value.Overridden), points.Select(p => p.Overridden));
        Assert.All(points, p => Assert.Equal(MetricDefinitions.Version, p.MetricVersion));
    }

    [Fact]
    public void Days_without_an_evaluation_have_no_point_and_a_long_silence_leaves_only_the_new_day()
    {
        var history = new HealthHistory();
        history.Record(Start.UtcTicks, 80, HealthBand.Healthy, false, "v1");
        history.Record(Start.AddDays(5).UtcTicks, 50, HealthBand.AtRisk, false, "v1");

        Assert.Equal([DateOnly.FromDateTime(Start.UtcDateTime), DateOnly.FromDateTime(Start.AddDays(5).UtcDateTime)], history.ToPoints().Select(p => p.Day));
        Assert.Equal(6, history.Points.Length);
        Assert.False(history.TryGetScore(HealthHistory.DayOf(Start.AddDays(3).UtcTicks), out _));

        history.Record(Start.AddDays(5 + 200).UtcTicks, 30, HealthBand.Critical, false, "v1");
        var point = Assert.Single(history.ToPoints());
        Assert.Equal((30.0, HealthBand.Critical), (point.HealthScore, point.Band));
    }

    [Fact]
    public void Trends_are_the_score_now_minus_the_points_of_7_and_30_days_ago_and_absent_without_one()
    {
        var history = new HealthHistory();
        for (var day = 0; day <= 40; day++)
        {
            if (day != 33)
            {
                history.Record(Start.AddDays(day).AddHours(12).UtcTicks, ScoreOf(day, 0), HealthModel.BandOf(ScoreOf(day, 0)), false, "v1");
            }
        }

        var now = Start.AddDays(40).AddHours(13).UtcTicks;
        Assert.Equal(72.5 - Hundredths(ScoreOf(10, 0)), history.TrendAgainst(now, 30, 72.5)!.Value, 9);
        Assert.Null(history.TrendAgainst(now, 7, 72.5)); // day 33 had no evaluation
        Assert.Equal(72.5 - Hundredths(ScoreOf(32, 0)), history.TrendAgainst(Start.AddDays(39).UtcTicks, 7, 72.5)!.Value, 9);
        Assert.Null(history.TrendAgainst(now, 90, 72.5));
    }

    [Fact]
    public void Records_each_points_metric_version_and_keeps_the_version_table_small()
    {
        var history = new HealthHistory();
        for (var day = 0; day < 1000; day++)
        {
            history.Record(Start.AddDays(day).UtcTicks, 75, HealthBand.Healthy, false, $"scorecard/{day / 2}");
        }

        var points = history.ToPoints();
        Assert.Equal(HealthHistory.Days, points.Count);
        Assert.Equal(Enumerable.Range(910, 90).Select(day => $"scorecard/{day / 2}"), points.Select(p => p.MetricVersion));
        Assert.True(history.Versions.Length <= 256, $"{history.Versions.Length} versions kept");
    }

    [Fact]
    public void Histories_of_one_version_share_its_table_and_a_new_version_leaves_the_others_alone()
    {
        var first = new HealthHistory();
        var second = new HealthHistory();
        first.Record(Start.UtcTicks, 75, HealthBand.Healthy, false, MetricDefinitions.Version);
        second.Record(Start.UtcTicks, 40, HealthBand.AtRisk, false, MetricDefinitions.Version);
        var loaded = new HealthHistory { Points = (uint[])first.Points.Clone(), LastDay = first.LastDay, Versions = [new string(MetricDefinitions.Version)] };
        Assert.Same(first.Versions, second.Versions);
        Assert.Same(first.Versions, loaded.Versions);

        second.Record(Start.AddDays(1).UtcTicks, 45, HealthBand.AtRisk, false, "scorecard/next");

        Assert.NotSame(first.Versions, second.Versions);
        Assert.Equal([MetricDefinitions.Version], first.Versions);
        Assert.Equal([MetricDefinitions.Version, "scorecard/next"], second.Versions);
        Assert.Equal([MetricDefinitions.Version], loaded.ToPoints().Select(p => p.MetricVersion));
        Assert.Equal([MetricDefinitions.Version, "scorecard/next"], second.ToPoints().Select(p => p.MetricVersion));
    }

    [Fact]
    public void A_full_history_records_without_allocating_and_costs_at_most_half_a_KiB()
    {
        var history = new HealthHistory();
        for (var day = 0; day < HealthHistory.Days; day++)
        {
            history.Record(Start.AddDays(day).UtcTicks, 75, HealthBand.Healthy, false, MetricDefinitions.Version);
        }

        // The ingest path: every evaluation, and each new day once the history is full.
        RecordEvaluations(history, HealthHistory.Days, 100);
        var before = GC.GetAllocatedBytesForCurrentThread();
        RecordEvaluations(history, HealthHistory.Days + 1, 10_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        // In memory: what a loaded history holds (the version string is shared by every customer).
        before = GC.GetAllocatedBytesForCurrentThread();
        var loaded = new HealthHistory { Points = (uint[])history.Points.Clone(), LastDay = history.LastDay, Versions = (string[])history.Versions.Clone() };
        var inMemory = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(HealthHistory.Days, loaded.ToPoints().Count);

        // Stored: the growth of a customer's serialized state.
        using var services = new ServiceCollection()
            .AddSerializer(s => s.AddAssembly(typeof(CustomerState).Assembly).AddAssembly(typeof(CustomerSnapshot).Assembly))
            .BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var state = new CustomerState { EventCount = 3 };
        var without = serializer.SerializeToArray(state).Length;
        state.History = history;
        state.Override = new HealthOverride { Band = HealthBand.Critical, Reason = "escalated complaint", SetBy = "crm-admin", SetAtTicks = Start.UtcTicks, ExpiresAtTicks = Start.AddDays(30).UtcTicks };
        var with = serializer.SerializeToArray(state);
        var read = serializer.Deserialize<CustomerState>(with);
        Assert.Equal(history.ToPoints(), read!.History!.ToPoints());
        Assert.Equal(state.Override, read.Override);

        output.WriteLine($"history in memory: {inMemory} B; stored state {without} B → {with.Length} B (+{with.Length - without} B with a full history and an override)");
        Assert.True(inMemory + (2 * IntPtr.Size) <= 512, $"{inMemory} B in memory");
        Assert.True(with.Length - without <= 512, $"+{with.Length - without} B stored");
    }

    // The history keeps scores to 0.01.
    private static double Hundredths(double score) => Math.Round(score * 100) / 100;

    // A deterministic spread over all three bands, with fractions that round to hundredths.
    private static double ScoreOf(int day, int evaluation) => ((day * 37) + (evaluation * 23)) % 100 + (evaluation * 0.127);

    /// <summary>
    /// <paramref name="count"/> evaluations, a hundred a day from <paramref name="firstDay"/> days after the start.
    /// Compiled optimized at its first call, never recompiled: a long loop in a method still at tier 0 is
    /// replaced on the stack while it runs, and the JIT allocates when it compiles that replacement,
    /// on this thread and inside the measured window.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RecordEvaluations(HealthHistory history, int firstDay, int count)
    {
        for (var i = 0; i < count; i++)
        {
            history.Record(Start.AddDays(firstDay + (i / 100)).AddSeconds(i).UtcTicks, i % 100, HealthBand.AtRisk, i % 2 == 0, MetricDefinitions.Version);
        }
    }
}
