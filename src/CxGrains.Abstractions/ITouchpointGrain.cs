using CxGrains.Scoring.Queues;

namespace CxGrains.Abstractions;

/// <summary>Rolling metrics of one touchpoint (a queue, a page, a store), keyed by touchpoint id.</summary>
public interface ITouchpointGrain : IAggregateGrain
{
    /// <summary>
    /// Applies contact-centre queue steps of this queue, in order. In ack mode durable it returns once
    /// the state holding them is written.
    /// </summary>
    /// <param name="steps">Validated steps of contacts of this queue.</param>
    /// <returns>Steps applied, and steps the queue already knew.</returns>
    Task<ApplyResult> ApplyQueueSteps(QueueStep[] steps);

    /// <summary>
    /// Ack mode durable: applies a journal writer's delivery if it continues from the last one applied,
    /// drops it if already applied, and writes it on the touchpoint's write-behind interval (at once
    /// with <see cref="TouchpointDelivery.StoreNow"/>). The receipt's <see cref="DeliveryReceipt.Applied"/>
    /// is at least <see cref="TouchpointDelivery.Through"/> when the delivery is in, less when it did not
    /// continue from there (nothing applied).
    /// </summary>
    /// <param name="delivery">The counts and the commits they come from.</param>
    Task<DeliveryReceipt> Deliver(TouchpointDelivery delivery);

    /// <summary>The last commit of <paramref name="origin"/> this touchpoint applied, 0 for none.</summary>
    /// <param name="origin">A journal writer.</param>
    Task<long> DeliveredThrough(string origin);
}
