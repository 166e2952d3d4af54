namespace CxGrains.Scoring.Queues;

/// <summary>The figures of a contact already counted, so that each is counted exactly once.</summary>
[Flags]
public enum CountedSteps : byte
{
    /// <summary>Nothing counted yet.</summary>
    None = 0,

    /// <summary>The offer.</summary>
    Offer = 1,

    /// <summary>The outcome: answered or abandoned, with its wait.</summary>
    Outcome = 2,

    /// <summary>The handle time.</summary>
    Handle = 4,
}
