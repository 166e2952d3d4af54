using CxGrains.Scoring.Queues;
using CxGrains.TestSupport;

namespace CxGrains.Scoring.Tests;

[Trait("Tier", "Fast")]
public sealed class LiveQueueTests
{
    private static readonly DateTime Now = new(2026, 11, 30, 15, 0, 0, DateTimeKind.Utc);
    private static readonly QueuePolicy Policy = new(20, 5, TimeSpan.FromHours(4), TimeZoneInfo.Utc);

    [Theory]
    [InlineData(1, 50)]
    [InlineData(2, 400)]
    [InlineData(3, 2000)]
    public void Seeded_contacts_give_exactly_the_reference_figures(int seed, int contacts)
    {
        var scenario = QueueScenario.Generate(seed, contacts, Now, Policy.TargetWaitSeconds, Policy.ShortAbandonSeconds);
        var queue = new LiveQueue();
        foreach (var step in scenario.Steps)
        {
            queue.Apply(step, Policy, Now.Ticks);
        }

        var now = queue.Now(Policy, Now.Ticks);
        var expected = scenario.Expected;
        Assert.Equal(expected.Waiting, now.Waiting);
        Assert.Equal(expected.OldestWaitSeconds, now.OldestWaitSeconds(Now.Ticks), 6);
        Assert.Equal(expected.InHandling, now.InHandling);

        // Every step is within the last hour and today, so the hour, the day and today agree.
        foreach (var counts in new[] { queue.Windows.Total(WindowKind.OneHour, Now.Ticks), queue.Windows.Total(WindowKind.OneDay, Now.Ticks), now.Today })
        {
            AssertMatches(expected, counts);
        }
    }

    [Fact]
    public void Every_step_applied_twice_changes_nothing_the_second_time()
    {
        var scenario = QueueScenario.Generate(4, 300, Now, Policy.TargetWaitSeconds, Policy.ShortAbandonSeconds);
        var queue = new LiveQueue();
        foreach (var step in scenario.Steps)
        {
            queue.Apply(step, Policy, Now.Ticks);
        }

        var before = queue.Windows.Total(WindowKind.OneDay, Now.Ticks);
        var applied = scenario.Steps.Count(step => queue.Apply(step, Policy, Now.Ticks));

        Assert.Equal(0, applied);
        Assert.Equal(before, queue.Windows.Total(WindowKind.OneDay, Now.Ticks));
    }

    [Fact]
    public void An_answer_after_an_abandon_and_a_second_offer_are_refused()
    {
        var queue = new LiveQueue();
        var at = Now.Ticks;
        Assert.True(queue.Apply(new QueueStep("c", QueueStepKind.Offered, at - Seconds(30)), Policy, at));
        Assert.False(queue.Apply(new QueueStep("c", QueueStepKind.Offered, at - Seconds(20)), Policy, at));
        Assert.True(queue.Apply(new QueueStep("c", QueueStepKind.Abandoned, at - Seconds(10)), Policy, at));
        Assert.False(queue.Apply(new QueueStep("c", QueueStepKind.Answered, at - Seconds(5)), Policy, at));

        var counts = queue.Windows.Total(WindowKind.OneMinute, at);
        Assert.Equal(1, counts.Offered);
        Assert.Equal(1, counts.Abandoned);
        Assert.Equal(0, counts.Answered);
        Assert.Equal(20, counts.AbandonedWaitSum);
        Assert.Empty(queue.Open);
    }

    [Fact]
    public void A_contact_whose_outcome_never_arrives_expires_at_the_cut_off_and_stops_waiting()
    {
        var policy = Policy with { OpenContactCutoff = TimeSpan.FromMinutes(10) };
        var queue = new LiveQueue();
        var offeredAt = Now.Ticks;
        queue.Apply(new QueueStep("lost", QueueStepKind.Offered, offeredAt), policy, offeredAt);
        queue.Apply(new QueueStep("orphan", QueueStepKind.Answered, offeredAt), policy, offeredAt);

        Assert.False(queue.Expire(policy, offeredAt + TimeSpan.FromMinutes(10).Ticks - 1));
        Assert.Equal(1, queue.Now(policy, offeredAt + TimeSpan.FromMinutes(10).Ticks - 1).Waiting);

        var cutoff = offeredAt + TimeSpan.FromMinutes(10).Ticks;
        Assert.True(queue.Expire(policy, cutoff));
        var now = queue.Now(policy, cutoff);
        Assert.Equal(0, now.Waiting);
        Assert.Null(now.OldestWaitingSinceTicks);
        Assert.Equal(1, now.Today.Expired);
        Assert.Equal(1, queue.Unmatched);

        // A late answer after the cut-off is remembered as finished: it changes nothing.
        Assert.False(queue.Apply(new QueueStep("lost", QueueStepKind.Answered, cutoff), policy, cutoff));

        // Finished contacts are forgotten one cut-off later.
        Assert.True(queue.Expire(policy, cutoff + TimeSpan.FromMinutes(10).Ticks));
        Assert.Empty(queue.Finished);
    }

    [Fact]
    public void Today_restarts_at_local_midnight_in_the_queue_time_zone()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var policy = Policy with { TimeZone = paris };

        // 22:50 UTC on 30 November is 23:50 in Paris; 23:10 UTC is 00:10 on 1 December there.
        var beforeMidnight = new DateTime(2026, 11, 30, 22, 50, 0, DateTimeKind.Utc).Ticks;
        var afterMidnight = new DateTime(2026, 11, 30, 23, 10, 0, DateTimeKind.Utc).Ticks;
        var queue = new LiveQueue();
        queue.Apply(new QueueStep("a", QueueStepKind.Offered, beforeMidnight), policy, beforeMidnight);
        Assert.Equal(new DateOnly(2026, 11, 30), queue.Now(policy, beforeMidnight).Day);
        Assert.Equal(1, queue.Now(policy, beforeMidnight).Today.Offered);

        Assert.Equal(0, queue.Now(policy, afterMidnight).Today.Offered);
        Assert.Equal(new DateOnly(2026, 12, 1), queue.Now(policy, afterMidnight).Day);

        // The answer after midnight counts today; the offer before it stays yesterday's.
        queue.Apply(new QueueStep("a", QueueStepKind.Answered, afterMidnight), policy, afterMidnight);
        var today = queue.Now(policy, afterMidnight).Today;
        Assert.Equal(0, today.Offered);
        Assert.Equal(1, today.Answered);
        Assert.Equal(1, queue.Windows.Total(WindowKind.OneHour, afterMidnight).Offered);
    }

    [Fact]
    public void Remembered_finished_contacts_stay_bounded()
    {
        var queue = new LiveQueue();
        var at = Now.Ticks;
        for (var i = 0; i < LiveQueue.FinishedCapacity + 10; i++)
        {
            var id = $"c{i}";
            queue.Apply(new QueueStep(id, QueueStepKind.Offered, at), Policy, at);
            queue.Apply(new QueueStep(id, QueueStepKind.Abandoned, at), Policy, at);
        }

        Assert.InRange(queue.Finished.Count, 1, LiveQueue.FinishedCapacity);
    }

    [Fact]
    public void A_restored_queue_continues_where_the_original_was()
    {
        var scenario = QueueScenario.Generate(5, 300, Now, Policy.TargetWaitSeconds, Policy.ShortAbandonSeconds);
        var half = scenario.Steps.Count / 2;
        var original = new LiveQueue();
        foreach (var step in scenario.Steps.Take(half))
        {
            original.Apply(step, Policy, Now.Ticks);
        }

        var restored = LiveQueue.Restore(original.Open, original.Finished, QueueWindows.Import(original.Windows.Export()), original.Day, original.TodayCounts, original.Unmatched);
        foreach (var step in scenario.Steps.Skip(half))
        {
            restored.Apply(step, Policy, Now.Ticks);
        }

        AssertMatches(scenario.Expected, restored.Now(Policy, Now.Ticks).Today);
    }

    [Fact]
    public void Figures_of_empty_counts_are_zero()
    {
        Assert.Equal(default, QueueFigures.Of(default));
    }

    private static void AssertMatches(QueueReference expected, QueueCounts counts)
    {
        Assert.Equal(expected.Offered, counts.Offered);
        Assert.Equal(expected.Answered, counts.Answered);
        Assert.Equal(expected.AnsweredWithinTarget, counts.AnsweredWithinTarget);
        Assert.Equal(expected.Abandoned, counts.Abandoned);
        Assert.Equal(expected.ShortAbandoned, counts.ShortAbandoned);
        Assert.Equal(expected.Handled, counts.Handled);
        Assert.Equal(0, counts.Expired);
        var figures = QueueFigures.Of(counts);
        Assert.Equal(expected.ServiceLevelPercent, figures.ServiceLevelPercent, 9);
        Assert.Equal(expected.ServiceLevelExcludingShortAbandonsPercent, figures.ServiceLevelExcludingShortAbandonsPercent, 9);
        Assert.Equal(expected.AbandonPercent, figures.AbandonPercent, 9);
        Assert.Equal(expected.AverageSpeedOfAnswerSeconds, figures.AverageSpeedOfAnswerSeconds, 9);
        Assert.Equal(expected.AverageHandleSeconds, figures.AverageHandleSeconds, 9);
    }

    private static long Seconds(int seconds) => seconds * TimeSpan.TicksPerSecond;
}
