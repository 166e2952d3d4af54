using CxGrains.Scoring;

namespace CxGrains.Abstractions;

/// <summary>
/// Rolling metrics of one segment (keyed by its canonical key, e.g. <c>region=EU</c>) plus the
/// health bands of its customers and its at-risk list.
/// </summary>
public interface ISegmentGrain : IAggregateGrain
{
    /// <summary>At-risk customers, highest value × churn risk first.</summary>
    Task<IReadOnlyList<AtRiskEntry>> ListAtRisk(int limit);

    /// <summary>
    /// Takes over the band changes ahead of a customer going to sleep (a delta with its band report), at once. Bounded in
    /// time: a hand-off that cannot arrive soon is dropped, and the customer then keeps its segments where they were.
    /// </summary>
    [ResponseTimeout("00:00:05")]
    Task HandOff(AggregateDelta delta);

    /// <summary>Removes an erased customer at once (not waiting for the next flush).</summary>
    Task ForgetCustomer(string customerId, HealthBand lastBand);
}
