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

    /// <summary>Removes an erased customer at once (not waiting for the next flush).</summary>
    Task ForgetCustomer(string customerId, HealthBand lastBand);
}
