using CxGrains.Contracts.V1;
using CxGrains.Scoring.Queues;
using Google.Protobuf.WellKnownTypes;
using Xunit;

namespace CxGrains.TestSupport;

/// <summary>Scenario steps as <c>cx.v1</c> queue events, and the check of a <c>cx.v1</c> queue view against a reference.</summary>
public static class QueueContract
{
    /// <summary>The contract event of a step of queue <paramref name="queueId"/>.</summary>
    public static QueueEvent ToEvent(QueueStep step, string queueId) => new()
    {
        ContactId = step.ContactId,
        QueueId = queueId,
        Kind = (QueueEventKind)(int)step.Kind,
        OccurredAt = Timestamp.FromDateTime(new DateTime(step.AtTicks, DateTimeKind.Utc)),
        AgentId = step.AgentId ?? "",
    };

    /// <summary>
    /// Asserts that a queue view shows the reference: who waits and since when, and the same figures
    /// over the window and today (every scenario step is inside both).
    /// </summary>
    public static void AssertMatches(QueueReference expected, QueueState actual, DateTime asOfUtc)
    {
        Assert.Equal(expected.Waiting, actual.Waiting);
        Assert.Equal(expected.InHandling, actual.InHandling);
        if (expected.OldestWaitingSinceTicks is { } since)
        {
            Assert.Equal(since, actual.OldestWaitingSince.ToDateTime().Ticks);
            Assert.Equal((asOfUtc - new DateTime(since, DateTimeKind.Utc)).TotalSeconds, actual.OldestWaitSeconds, 6);
        }
        else
        {
            Assert.Null(actual.OldestWaitingSince);
            Assert.Equal(0, actual.OldestWaitSeconds);
        }

        AssertMatches(expected, actual.Window);
        AssertMatches(expected, actual.Today);
    }

    private static void AssertMatches(QueueReference expected, QueueMetrics actual)
    {
        Assert.Equal(expected.Offered, actual.Offered);
        Assert.Equal(expected.Answered, actual.Answered);
        Assert.Equal(expected.AnsweredWithinTarget, actual.AnsweredWithinTarget);
        Assert.Equal(expected.Abandoned, actual.Abandoned);
        Assert.Equal(expected.ShortAbandoned, actual.ShortAbandoned);
        Assert.Equal(expected.Handled, actual.Handled);
        Assert.Equal(0, actual.Expired);
        Assert.Equal(expected.ServiceLevelPercent, actual.ServiceLevelPercent, 9);
        Assert.Equal(expected.ServiceLevelExcludingShortAbandonsPercent, actual.ServiceLevelExcludingShortAbandonsPercent, 9);
        Assert.Equal(expected.AbandonPercent, actual.AbandonPercent, 9);
        Assert.Equal(expected.AverageSpeedOfAnswerSeconds, actual.AsaSeconds, 9);
        Assert.Equal(expected.AverageHandleSeconds, actual.AhtSeconds, 9);
    }
}
