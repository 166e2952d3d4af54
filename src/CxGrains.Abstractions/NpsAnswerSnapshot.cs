namespace CxGrains.Abstractions;

/// <summary>The latest NPS answer of a customer.</summary>
[GenerateSerializer, Immutable, Alias("cx.NpsAnswer")]
public sealed record NpsAnswerSnapshot
{
    /// <summary>0–10.</summary>
    [Id(0)] public required int Score { get; init; }

    /// <summary>When it was given (UTC ticks).</summary>
    [Id(1)] public required long OccurredAtTicks { get; init; }

    /// <summary>Reason codes given with it.</summary>
    [Id(2)] public IReadOnlyList<string> ReasonCodes { get; init; } = [];

    /// <summary>The comment, bounded.</summary>
    [Id(3)] public string? Comment { get; init; }

    /// <summary>PROMOTER (9–10), PASSIVE (7–8) or DETRACTOR (0–6).</summary>
    public string Category => Score >= 9 ? "PROMOTER" : Score >= 7 ? "PASSIVE" : "DETRACTOR";
}
