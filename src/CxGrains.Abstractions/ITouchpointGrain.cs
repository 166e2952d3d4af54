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
}
