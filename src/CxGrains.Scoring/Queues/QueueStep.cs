namespace CxGrains.Scoring.Queues;

/// <summary>One step of one contact in one queue, as validated by ingest.</summary>
/// <param name="ContactId">The contact (call, chat) the step belongs to; unique per queue.</param>
/// <param name="Kind">What happened.</param>
/// <param name="AtTicks">When it happened, UTC ticks.</param>
/// <param name="AgentId">The answering agent (answers only, optional).</param>
public readonly record struct QueueStep(string ContactId, QueueStepKind Kind, long AtTicks, string? AgentId = null);
