using CxGrains.Contracts.V1;

namespace CxGrains.Client;

/// <summary>An event the server refused for good, with the server's reason.</summary>
/// <param name="Batch">The batch it travelled in.</param>
/// <param name="Rejection">Index, event id, stable code (e.g. <c>SCORE_OUT_OF_RANGE</c>) and message.</param>
public sealed record EventRejection(OutgoingBatch Batch, RejectedEvent Rejection)
{
    /// <summary>The refused interaction event; null when a queue event was refused.</summary>
    public InteractionEvent? Event => !Rejection.QueueEvent && Rejection.Index >= 0 && Rejection.Index < Batch.Batch.Events.Count
        ? Batch.Batch.Events[Rejection.Index]
        : null;

    /// <summary>The refused queue event; null when an interaction event was refused.</summary>
    public QueueEvent? QueueEvent => Rejection.QueueEvent && Rejection.Index >= 0 && Rejection.Index < Batch.Batch.QueueEvents.Count
        ? Batch.Batch.QueueEvents[Rejection.Index]
        : null;

    /// <summary>The server's reason code (see docs/api.md).</summary>
    public string Code => Rejection.Code;
}
