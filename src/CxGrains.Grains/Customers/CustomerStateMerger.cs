namespace CxGrains.Grains.Customers;

/// <summary>
/// Builds a customer's state from one read back from storage (written by another activation, or by this one before a
/// crash) plus the events this activation has and the stored one lacks. One per silo, shared by every customer; the
/// grain decides when to merge and takes the result.
/// </summary>
/// <remarks>
/// Events the stored state already holds are dropped by its dedupe ring, so nothing counts twice. Re-applied events
/// do not go to the accumulator again: their counts left with the first application.
/// </remarks>
public sealed class CustomerStateMerger(CustomerEventApplier applier, CustomerHealthReporter health, AttributeDictionaryPool attributeDictionaries)
{
    /// <summary>
    /// The state to merge into: <paramref name="stored"/> (or an empty one, after an erase this activation has not yet
    /// stored) holding what <paramref name="mine"/> keeps that no event carries.
    /// </summary>
    public CustomerState Start(CustomerState? stored, bool fromEmpty, CustomerState mine)
    {
        var merged = fromEmpty || stored is null ? new CustomerState() : stored;
        KeepReported(merged, mine);
        merged.SegmentAttributes = attributeDictionaries.Intern(merged.SegmentAttributes);

        // Days of history only this activation recorded stay, and of two overrides the one set last (an override is
        // stored as soon as it is set).
        if (mine.History is { } history)
        {
            (merged.History ??= new HealthHistory()).FillFrom(history);
        }

        if (mine.Override is { } o && (merged.Override is null || merged.Override.SetAtTicks < o.SetAtTicks))
        {
            merged.Override = o;
        }

        return merged;
    }

    /// <summary>What <paramref name="from"/> told its segments stays the baseline of the next band report from <paramref name="into"/>.</summary>
    public static void KeepReported(CustomerState into, CustomerState from)
    {
        into.Segments = from.Segments;
        into.Band = from.Band;
        into.ReportedPriority = from.ReportedPriority;
        into.Crossings = from.Crossings;
    }

    /// <summary>Ack mode applied: re-applies this activation's unsaved events; returns how many counted.</summary>
    public int ApplyUnsaved(CustomerState merged, UnsavedEvents? unsaved)
    {
        var reapplied = 0;
        if (unsaved is null)
        {
            return reapplied;
        }

        foreach (var e in unsaved.Read())
        {
            if (applier.Apply(merged, e, journaled: false, replay: true))
            {
                reapplied++;
            }
        }

        return reapplied;
    }

    /// <summary>
    /// Ack mode durable: applies journaled events <paramref name="state"/> has not seen (on activation, after a write
    /// conflict, or when another activation journaled first). Their counts went their way when they were journaled
    /// (touchpoints through their writer's deliveries).
    /// </summary>
    public void ApplyJournaled(CustomerState state, IReadOnlyList<JournaledEvent> journaled)
    {
        for (var i = 0; i < journaled.Count; i++)
        {
            var (sequence, journaledAt, e, _, _) = journaled[i];
            applier.Apply(state, e, journaled: true, replay: true);
            state.JournalSequence = Math.Max(state.JournalSequence, sequence);

            // The history points the live path recorded after these events: each day's last evaluation,
            // at the time it was journaled, so that the history survives a rebuild from the journal.
            if (i == journaled.Count - 1 || HealthHistory.DayOf(journaled[i + 1].JournaledAtTicks) != HealthHistory.DayOf(journaledAt))
            {
                health.Evaluate(state, journaledAt);
            }
        }
    }

    /// <summary>
    /// Ack mode durable: applies this activation's events not yet appended to the journal, numbered after what
    /// <paramref name="merged"/> holds.
    /// </summary>
    public void ApplyUnjournaled(CustomerState merged, IReadOnlyList<Abstractions.CustomerEvent> unjournaled)
    {
        foreach (var e in unjournaled)
        {
            applier.Apply(merged, e, journaled: true, replay: true);
        }

        merged.JournalSequence += unjournaled.Count;
    }
}
