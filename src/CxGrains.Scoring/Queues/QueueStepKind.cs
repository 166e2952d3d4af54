namespace CxGrains.Scoring.Queues;

/// <summary>A step in one contact's passage through a queue; mirrors <c>cx.v1.QueueEventKind</c>.</summary>
public enum QueueStepKind : byte
{
    /// <summary>The contact entered the queue and started waiting.</summary>
    Offered = 1,

    /// <summary>An agent answered the contact: its wait ended and its handling began.</summary>
    Answered = 2,

    /// <summary>The customer left before an agent answered.</summary>
    Abandoned = 3,

    /// <summary>The contact ended; after an answer this ends its handling, before one it is an abandon.</summary>
    Ended = 4,
}
