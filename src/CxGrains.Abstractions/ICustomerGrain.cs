namespace CxGrains.Abstractions;

/// <summary>
/// One customer's experience state, keyed by the customer id as sent in events.
/// </summary>
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies the customer's events of one ingest batch in one call. Returns once they are applied
    /// in memory (ack mode <c>applied</c>) or written to storage (ack mode <c>durable</c>).
    /// </summary>
    /// <param name="events">
    /// Passed without a copy within a silo (the events are immutable, and the list is marked so): the caller must not
    /// change the list once it is passed, and the grain keeps no reference to it after the call.
    /// </param>
    Task<ApplyResult> Apply([Immutable] IReadOnlyList<CustomerEvent> events);

    /// <summary>The customer's state scored now, or null when the customer is unknown.</summary>
    Task<CustomerSnapshot?> GetSnapshot();

    /// <summary>Removes every trace of the customer. Returns false when there was nothing to erase.</summary>
    Task<bool> Erase();

    /// <summary>The customer's health history, one point per UTC day, oldest first; null when the customer is unknown.</summary>
    Task<IReadOnlyList<HealthHistoryPoint>?> GetHistory();

    /// <summary>
    /// Puts <paramref name="healthOverride"/> in force (replacing any other) and reports the band it
    /// sets to the customer's segments; returns once it is stored. Null when the customer is unknown.
    /// </summary>
    Task<CustomerSnapshot?> SetHealthOverride(HealthOverride healthOverride);

    /// <summary>Ends the override in force, if any, before its expiry. Null when the customer is unknown.</summary>
    Task<CustomerSnapshot?> ClearHealthOverride();

    /// <summary>
    /// Replays the customer's whole retained journal with the current scoring code (a recompute run):
    /// replaces the state when asked to, and reports the events' window contributions. Events arriving
    /// meanwhile wait and apply after it.
    /// </summary>
    Task<Recompute.CustomerRecomputed> Recompute(Recompute.CustomerRecompute request);
}
