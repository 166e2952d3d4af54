using CxGrains.Scoring.Queues;

namespace CxGrains.TestSupport;

/// <summary>
/// A seeded queue: contacts with known lives (answered, abandoned, ended unanswered, still waiting or still
/// in handling), delivered as queue steps in a realistic disorder (some answers before their offers, resends),
/// and the reference figures computed directly from those lives, not by the queue code under test.
/// Every step lies within the last hour before <see cref="NowUtc"/>; the queue's time zone must put
/// that hour on one local day for "today" to equal it (<see cref="NoonZone"/> picks such a zone).
/// </summary>
public sealed class QueueScenario
{
    private QueueScenario(DateTime nowUtc, IReadOnlyList<QueueStep> steps, int applied, QueueReference expected)
    {
        NowUtc = nowUtc;
        Steps = steps;
        Applied = applied;
        Expected = expected;
    }

    /// <summary>Steps that change the queue: all but resends and ends after an explicit abandon.</summary>
    public int Applied { get; }

    /// <summary>The moment the reference is computed for.</summary>
    public DateTime NowUtc { get; }

    /// <summary>The steps in delivery order, resends included.</summary>
    public IReadOnlyList<QueueStep> Steps { get; }

    /// <summary>The figures the queue must show at <see cref="NowUtc"/>.</summary>
    public QueueReference Expected { get; }

    /// <summary>Generates a scenario.</summary>
    /// <param name="seed">Random seed.</param>
    /// <param name="contacts">Number of contacts.</param>
    /// <param name="nowUtc">"Now".</param>
    /// <param name="targetWaitSeconds">The queue's service-level target.</param>
    /// <param name="shortAbandonSeconds">The queue's short-abandon threshold.</param>
    /// <returns>The scenario.</returns>
    public static QueueScenario Generate(int seed, int contacts, DateTime nowUtc, double targetWaitSeconds, double shortAbandonSeconds)
    {
        var random = new Random(seed);
        var now = nowUtc.Ticks;
        var timed = new List<(long At, int Order, QueueStep Step)>();
        var answerFirst = new HashSet<string>();
        var waits = new List<double>();
        var handles = new List<double>();
        var ignoredEnds = 0;
        long offered = 0, answered = 0, within = 0, abandoned = 0, shortAbandoned = 0;
        var waiting = 0;
        var inHandling = 0;
        long? oldestWaiting = null;
        for (var i = 0; i < contacts; i++)
        {
            var id = $"contact-{seed}-{i:D5}";
            var roll = random.NextDouble();

            // Still waiting: offered in the last three minutes, nothing else.
            var offeredAt = roll < 0.15
                ? now - Ticks(random.Next(1, 180))
                : now - Ticks(random.Next(600, 3000));
            timed.Add((offeredAt, 0, new QueueStep(id, QueueStepKind.Offered, offeredAt)));
            offered++;
            if (roll < 0.15)
            {
                waiting++;
                oldestWaiting = Math.Min(oldestWaiting ?? long.MaxValue, offeredAt);
                continue;
            }

            if (roll < 0.75)
            {
                var wait = random.Next(0, 90);
                var answeredAt = offeredAt + Ticks(wait);
                timed.Add((answeredAt, 1, new QueueStep(id, QueueStepKind.Answered, answeredAt, $"agent-{random.Next(20)}")));
                answered++;
                within += wait <= targetWaitSeconds ? 1 : 0;
                waits.Add(wait);
                if (random.NextDouble() < 0.1)
                {
                    answerFirst.Add(id);
                }

                if (random.NextDouble() < 0.85)
                {
                    var handle = random.Next(30, 400);
                    var endedAt = answeredAt + Ticks(handle);
                    timed.Add((endedAt, 2, new QueueStep(id, QueueStepKind.Ended, endedAt)));
                    handles.Add(handle);
                }
                else
                {
                    inHandling++;
                }

                continue;
            }

            // Abandoned, explicitly (sometimes followed by an end, which changes nothing) or by an end before any answer.
            var abandonWait = random.Next(0, 60);
            var leftAt = offeredAt + Ticks(abandonWait);
            abandoned++;
            shortAbandoned += abandonWait < shortAbandonSeconds ? 1 : 0;
            if (roll < 0.92)
            {
                timed.Add((leftAt, 1, new QueueStep(id, QueueStepKind.Abandoned, leftAt)));
                if (random.NextDouble() < 0.5)
                {
                    ignoredEnds++;
                    timed.Add((leftAt + Ticks(1), 2, new QueueStep(id, QueueStepKind.Ended, leftAt + Ticks(1))));
                }
            }
            else
            {
                timed.Add((leftAt, 1, new QueueStep(id, QueueStepKind.Ended, leftAt)));
            }
        }

        // Delivery: in time order, except that some answers arrive before their offers; then resends.
        var ordered = timed.OrderBy(t => t.At).ThenBy(t => t.Order).Select(t => t.Step).ToList();
        foreach (var id in answerFirst)
        {
            var offer = ordered.FindIndex(s => s.ContactId == id && s.Kind == QueueStepKind.Offered);
            var answer = ordered.FindIndex(s => s.ContactId == id && s.Kind == QueueStepKind.Answered);
            (ordered[offer], ordered[answer]) = (ordered[answer], ordered[offer]);
        }

        var resends = ordered.Where(_ => random.NextDouble() < 0.1).ToList();
        foreach (var resend in resends)
        {
            var original = ordered.IndexOf(resend);
            ordered.Insert(random.Next(original + 1, ordered.Count + 1), resend);
        }

        var outcomes = answered + abandoned;
        var expected = new QueueReference(
            Waiting: waiting,
            OldestWaitSeconds: oldestWaiting is { } o ? TimeSpan.FromTicks(now - o).TotalSeconds : 0,
            OldestWaitingSinceTicks: oldestWaiting,
            InHandling: inHandling,
            Offered: offered,
            Answered: answered,
            AnsweredWithinTarget: within,
            Abandoned: abandoned,
            ShortAbandoned: shortAbandoned,
            Handled: handles.Count,
            ServiceLevelPercent: outcomes > 0 ? 100.0 * within / outcomes : 0,
            ServiceLevelExcludingShortAbandonsPercent: outcomes - shortAbandoned > 0 ? 100.0 * within / (outcomes - shortAbandoned) : 0,
            AbandonPercent: outcomes > 0 ? 100.0 * abandoned / outcomes : 0,
            AverageSpeedOfAnswerSeconds: waits.Count > 0 ? waits.Average() : 0,
            AverageHandleSeconds: handles.Count > 0 ? handles.Average() : 0);
        return new QueueScenario(nowUtc, ordered, timed.Count - ignoredEnds, expected);
    }

    /// <summary>A fixed-offset zone where it is about noon at <paramref name="utcNow"/>, so the last hour is all "today".</summary>
    /// <param name="utcNow">The current time.</param>
    /// <returns>An IANA zone id such as <c>Etc/GMT-3</c> (which is UTC+3).</returns>
    public static string NoonZone(DateTime utcNow)
    {
        var offset = 12 - utcNow.Hour;
        return offset switch
        {
            0 => "Etc/UTC",
            > 0 => $"Etc/GMT-{offset}",
            _ => $"Etc/GMT+{-offset}",
        };
    }

    private static long Ticks(int seconds) => seconds * TimeSpan.TicksPerSecond;
}
