using CxGrains.Abstractions;
using CxGrains.Grains.Alerts;
using CxGrains.Scoring;

namespace CxGrains.Grains.Customers;

/// <summary>
/// Erases what a customer left outside its own state: its journal entries, its place in its segments (band count and
/// at-risk list) and its alerts. One per silo; the customer grain resets its own state between the two steps.
/// </summary>
public sealed class CustomerErasure(CustomerJournal journal, CustomerAlerts alerts, IGrainFactory grains)
{
    /// <summary>
    /// Deletes the customer's journal entries; first, so that a failure leaves the customer as it was. Also in ack
    /// mode applied: entries journaled while the cluster ran durable go too.
    /// </summary>
    /// <exception cref="StorageUnavailableException">The journal could not be reached.</exception>
    public async Task EraseJournalAsync(string customerId)
    {
        try
        {
            await journal.EraseAsync(customerId);
        }
        catch (Exception ex)
        {
            throw StorageUnavailableException.Because("the customer's journal entries could not be deleted", ex);
        }
    }

    /// <summary>
    /// Takes the customer out of everything that counts or lists it. Its segments are told at once rather than
    /// through the accumulator: after an erase the customer must not be listed anywhere, not even for one flush
    /// interval.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="memberOf">The segments it counted in.</param>
    /// <param name="band">
    /// The band its segments count it in once its announced changes are applied (a segment that still holds them
    /// removes it from that band); null when it was never reported.
    /// </param>
    /// <param name="unsent">Its band reports the accumulator still held when the customer was reset.</param>
    public async Task ForgetAsync(string customerId, string[] memberOf, HealthBand? band, IReadOnlyList<(string Segment, BandReport Report)> unsent)
    {
        if (band is { } lastBand)
        {
            await Task.WhenAll(memberOf.Select(s => ForgetInSegmentAsync(s, customerId, lastBand, unsent)));
        }

        await alerts.ForgetAsync(customerId);
    }

    // A band report still in the accumulator reaches the segment first: none may arrive after the customer left it.
    private async Task ForgetInSegmentAsync(string segment, string customerId, HealthBand lastBand, IReadOnlyList<(string Segment, BandReport Report)> unsent)
    {
        var grain = grains.GetGrain<ISegmentGrain>(segment);
        foreach (var (to, report) in unsent)
        {
            if (to == segment)
            {
                await grain.Merge(new AggregateDelta { BandReports = [report] });
            }
        }

        await grain.ForgetCustomer(customerId, lastBand);
    }
}
