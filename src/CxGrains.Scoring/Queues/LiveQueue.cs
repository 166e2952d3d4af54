using System.Runtime.InteropServices;

namespace CxGrains.Scoring.Queues;

/// <summary>
/// The live state of one queue: the contacts in it now, and its figures in rolling windows and for today.
/// Each contact's steps are idempotent (a step already known changes nothing), so resent events are counted
/// once; finished contacts are remembered for the cut-off so late resends stay duplicates. Not thread-safe:
/// one owner (a grain) at a time. Rules and their reasons: docs/scoring.md "Queues".
/// </summary>
public sealed class LiveQueue
{
    /// <summary>Finished contacts remembered at most; the oldest are forgotten first beyond it.</summary>
    public const int FinishedCapacity = 20_000;

    private readonly Dictionary<string, OpenContact> _open;
    private readonly Dictionary<string, long> _finished;
    private long _nextExpiryTicks = long.MaxValue;

    /// <summary>Creates an empty queue.</summary>
    public LiveQueue()
        : this(new Dictionary<string, OpenContact>(StringComparer.Ordinal), new Dictionary<string, long>(StringComparer.Ordinal), new QueueWindows(), default, default, 0)
    {
    }

    private LiveQueue(Dictionary<string, OpenContact> open, Dictionary<string, long> finished, QueueWindows windows, DateOnly day, QueueCounts today, long unmatched)
    {
        _open = open;
        _finished = finished;
        Windows = windows;
        Day = day;
        TodayCounts = today;
        Unmatched = unmatched;
        if (open.Count > 0 || finished.Count > 0)
        {
            _nextExpiryTicks = long.MinValue; // the next Expire scans once and learns the real time
        }
    }

    /// <summary>Contacts not finished, by contact id.</summary>
    public IReadOnlyDictionary<string, OpenContact> Open => _open;

    /// <summary>Finished contacts still remembered, by contact id, with the time they finished (UTC ticks).</summary>
    public IReadOnlyDictionary<string, long> Finished => _finished;

    /// <summary>The rolling windows.</summary>
    public QueueWindows Windows { get; }

    /// <summary>The local date of <see cref="TodayCounts"/>.</summary>
    public DateOnly Day { get; private set; }

    /// <summary>The figures counted on <see cref="Day"/>.</summary>
    public QueueCounts TodayCounts { get; private set; }

    /// <summary>Contacts whose steps arrived without their offer and were dropped at the cut-off (ever).</summary>
    public long Unmatched { get; private set; }

    /// <summary>Restores a queue from its persisted parts.</summary>
    /// <param name="open">Open contacts.</param>
    /// <param name="finished">Remembered finished contacts.</param>
    /// <param name="windows">The windows.</param>
    /// <param name="day">The local date of <paramref name="today"/>.</param>
    /// <param name="today">The figures of that date.</param>
    /// <param name="unmatched">Contacts dropped without an offer.</param>
    /// <returns>The queue.</returns>
    public static LiveQueue Restore(
        IEnumerable<KeyValuePair<string, OpenContact>> open,
        IEnumerable<KeyValuePair<string, long>> finished,
        QueueWindows windows,
        DateOnly day,
        QueueCounts today,
        long unmatched) =>
        new(new Dictionary<string, OpenContact>(open, StringComparer.Ordinal), new Dictionary<string, long>(finished, StringComparer.Ordinal), windows, day, today, unmatched);

    /// <summary>Applies one step of one contact and counts every figure it completes.</summary>
    /// <param name="step">The step.</param>
    /// <param name="policy">The queue's counting rules.</param>
    /// <param name="nowTicks">The current time, UTC ticks.</param>
    /// <returns><see langword="false"/> when the step was already known (a resend) or contradicts a known outcome: nothing changed.</returns>
    public bool Apply(in QueueStep step, QueuePolicy policy, long nowTicks)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (_finished.ContainsKey(step.ContactId))
        {
            return false;
        }

        ref var contact = ref CollectionsMarshal.GetValueRefOrAddDefault(_open, step.ContactId, out _);
        if (!Learn(ref contact, step))
        {
            return false;
        }

        Settle(step.ContactId, ref contact, policy, nowTicks);
        return true;
    }

    /// <summary>
    /// Drops contacts with no new step for the cut-off (counted as expired, or as unmatched when their offer
    /// never arrived) and forgets finished contacts older than it. Cheap when nothing is due.
    /// </summary>
    /// <param name="policy">The queue's counting rules.</param>
    /// <param name="nowTicks">The current time, UTC ticks.</param>
    /// <returns><see langword="true"/> when anything changed.</returns>
    public bool Expire(QueuePolicy policy, long nowTicks)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (nowTicks < _nextExpiryTicks)
        {
            return false;
        }

        var cutoff = policy.OpenContactCutoff.Ticks;
        var changed = false;
        var next = long.MaxValue;
        List<string>? expired = null;
        foreach (var (id, contact) in _open)
        {
            var due = contact.LastStepTicks + cutoff;
            if (due <= nowTicks)
            {
                (expired ??= []).Add(id);
            }
            else
            {
                next = Math.Min(next, due);
            }
        }

        foreach (var id in expired ?? [])
        {
            var contact = _open[id];
            _open.Remove(id);
            if (contact.OfferedAtTicks == 0)
            {
                Unmatched++;
            }
            else
            {
                Count(nowTicks, new QueueCounts { Expired = 1 }, policy, nowTicks);
            }

            _finished[id] = nowTicks;
            next = Math.Min(next, nowTicks + cutoff);
            changed = true;
        }

        List<string>? forgotten = null;
        foreach (var (id, finishedAt) in _finished)
        {
            var due = finishedAt + cutoff;
            if (due <= nowTicks)
            {
                (forgotten ??= []).Add(id);
            }
            else
            {
                next = Math.Min(next, due);
            }
        }

        foreach (var id in forgotten ?? [])
        {
            _finished.Remove(id);
            changed = true;
        }

        _nextExpiryTicks = next;
        return changed;
    }

    /// <summary>The queue at <paramref name="nowTicks"/>: who waits, since when, and today's figures.</summary>
    /// <param name="policy">The queue's counting rules (its time zone decides "today").</param>
    /// <param name="nowTicks">The current time, UTC ticks.</param>
    /// <returns>The state.</returns>
    public QueueNow Now(QueuePolicy policy, long nowTicks)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var waiting = 0;
        var handling = 0;
        long? oldest = null;
        foreach (var contact in _open.Values)
        {
            if (contact.IsWaiting)
            {
                waiting++;
                oldest = oldest is { } o ? Math.Min(o, contact.OfferedAtTicks) : contact.OfferedAtTicks;
            }
            else if (contact.AnsweredAtTicks != 0 && (contact.Counted & CountedSteps.Handle) == 0)
            {
                handling++;
            }
        }

        var day = LocalDate(nowTicks, policy.TimeZone);
        return new QueueNow(waiting, oldest, handling, day == Day ? TodayCounts : default, day);
    }

    // Records a step's time on the contact; false when the step is already known or contradicts the outcome.
    private static bool Learn(ref OpenContact contact, in QueueStep step)
    {
        switch (step.Kind)
        {
            case QueueStepKind.Offered when contact.OfferedAtTicks == 0:
                contact.OfferedAtTicks = step.AtTicks;
                return true;
            case QueueStepKind.Answered when contact.AnsweredAtTicks == 0 && contact.AbandonedAtTicks == 0:
                contact.AnsweredAtTicks = step.AtTicks;
                contact.AgentId = step.AgentId;
                return true;
            case QueueStepKind.Abandoned when contact.AbandonedAtTicks == 0 && contact.AnsweredAtTicks == 0:
                contact.AbandonedAtTicks = step.AtTicks;
                return true;
            case QueueStepKind.Ended when contact.EndedAtTicks == 0:
                contact.EndedAtTicks = step.AtTicks;
                return true;
            default:
                return false;
        }
    }

    // Counts every figure the contact's known steps now complete, each once; a finished contact leaves the queue.
    private void Settle(string id, ref OpenContact contact, QueuePolicy policy, long nowTicks)
    {
        var offered = contact.OfferedAtTicks;
        if (offered != 0 && (contact.Counted & CountedSteps.Offer) == 0)
        {
            contact.Counted |= CountedSteps.Offer;
            Count(offered, new QueueCounts { Offered = 1 }, policy, nowTicks);
        }

        if (offered != 0 && (contact.Counted & CountedSteps.Outcome) == 0)
        {
            if (contact.AnsweredAtTicks != 0)
            {
                var wait = Seconds(contact.AnsweredAtTicks - offered);
                contact.Counted |= CountedSteps.Outcome;
                Count(contact.AnsweredAtTicks, new QueueCounts
                {
                    Answered = 1,
                    AnsweredWithinTarget = wait <= policy.TargetWaitSeconds ? 1 : 0,
                    AnsweredWaitSum = wait,
                }, policy, nowTicks);
            }
            else if (contact.AbandonedAtTicks != 0 || contact.EndedAtTicks != 0)
            {
                // An end before any answer means the customer left the queue: an abandon at that time.
                if (contact.AbandonedAtTicks == 0)
                {
                    contact.AbandonedAtTicks = contact.EndedAtTicks;
                }

                var wait = Seconds(contact.AbandonedAtTicks - offered);
                contact.Counted |= CountedSteps.Outcome;
                Count(contact.AbandonedAtTicks, new QueueCounts
                {
                    Abandoned = 1,
                    ShortAbandoned = wait < policy.ShortAbandonSeconds ? 1 : 0,
                    AbandonedWaitSum = wait,
                }, policy, nowTicks);
            }
        }

        if (contact.AnsweredAtTicks != 0 && contact.EndedAtTicks != 0 && (contact.Counted & CountedSteps.Handle) == 0)
        {
            contact.Counted |= CountedSteps.Handle;
            Count(contact.EndedAtTicks, new QueueCounts { Handled = 1, HandleSum = Seconds(contact.EndedAtTicks - contact.AnsweredAtTicks) }, policy, nowTicks);
        }

        var finished = (contact.Counted & CountedSteps.Outcome) != 0
            && (contact.AbandonedAtTicks != 0 || (contact.Counted & CountedSteps.Handle) != 0);
        if (finished)
        {
            _open.Remove(id);
            Remember(id, nowTicks);
            _nextExpiryTicks = Math.Min(_nextExpiryTicks, nowTicks + policy.OpenContactCutoff.Ticks);
        }
        else
        {
            _nextExpiryTicks = Math.Min(_nextExpiryTicks, contact.LastStepTicks + policy.OpenContactCutoff.Ticks);
        }
    }

    private void Remember(string id, long nowTicks)
    {
        _finished[id] = nowTicks;
        if (_finished.Count > FinishedCapacity)
        {
            // Forget the oldest tenth at once, so that a full set does not sort on every finish.
            foreach (var old in _finished.OrderBy(f => f.Value).Take(FinishedCapacity / 10).Select(f => f.Key).ToList())
            {
                _finished.Remove(old);
            }
        }
    }

    private void Count(long atTicks, in QueueCounts delta, QueuePolicy policy, long nowTicks)
    {
        Windows.Record(atTicks, delta, nowTicks);
        var day = LocalDate(nowTicks, policy.TimeZone);
        if (day != Day)
        {
            Day = day;
            TodayCounts = default;
        }

        if (LocalDate(Math.Min(atTicks, nowTicks), policy.TimeZone) == day)
        {
            var today = TodayCounts;
            today.Merge(delta);
            TodayCounts = today;
        }
    }

    private static double Seconds(long ticks) => Math.Max(0, ticks) / (double)TimeSpan.TicksPerSecond;

    private static DateOnly LocalDate(long utcTicks, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(new DateTime(utcTicks, DateTimeKind.Utc), zone));
}
