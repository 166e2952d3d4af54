using System.Diagnostics.CodeAnalysis;

namespace CxGrains.Scoring.Queues;

/// <summary>
/// What a queue knows of a contact that has not finished. Steps may arrive out of order (batches travel in
/// parallel), so each step's time is kept until the figures it feeds can be counted. 0 means "not seen".
/// </summary>
[SuppressMessage("Design", "CA1051:Do not declare visible instance fields", Justification = "Serialized field by field by the storage layer.")]
public struct OpenContact
{
    /// <summary>When the contact was offered, UTC ticks.</summary>
    public long OfferedAtTicks;

    /// <summary>When it was answered, UTC ticks.</summary>
    public long AnsweredAtTicks;

    /// <summary>When it was abandoned (or ended unanswered), UTC ticks.</summary>
    public long AbandonedAtTicks;

    /// <summary>When it ended, UTC ticks.</summary>
    public long EndedAtTicks;

    /// <summary>The answering agent, when the answer named one.</summary>
    public string? AgentId;

    /// <summary>Which figures have been counted already.</summary>
    public CountedSteps Counted;

    /// <summary>The latest time among the known steps: the cut-off counts from it.</summary>
    public readonly long LastStepTicks => Math.Max(Math.Max(OfferedAtTicks, AnsweredAtTicks), Math.Max(AbandonedAtTicks, EndedAtTicks));

    /// <summary>Offered and neither answered nor abandoned: waiting in the queue now.</summary>
    public readonly bool IsWaiting => OfferedAtTicks != 0 && AnsweredAtTicks == 0 && AbandonedAtTicks == 0;
}
