namespace CxGrains.Abstractions;

/// <summary>A change an evaluator reports to the <see cref="IAlertGrain"/>.</summary>
[GenerateSerializer, Immutable, Alias("cx.AlertChange")]
public sealed record AlertChange
{
    /// <summary>Stable id of the alert: rule and subject.</summary>
    [Id(0)] public required string AlertId { get; init; }

    /// <summary>The rule's name from configuration.</summary>
    [Id(1)] public required string Rule { get; init; }

    /// <summary><c>touchpoint/&lt;id&gt;</c>, <c>segment/&lt;key&gt;</c> or <c>customer/&lt;id&gt;</c>.</summary>
    [Id(2)] public required string Subject { get; init; }

    /// <summary>Whether the condition holds or cleared.</summary>
    [Id(3)] public required AlertChangeKind Kind { get; init; }

    /// <summary>The metric's value at evaluation.</summary>
    [Id(4)] public required double Value { get; init; }

    /// <summary>The rule's threshold.</summary>
    [Id(5)] public required double Threshold { get; init; }

    /// <summary>Human-readable summary.</summary>
    [Id(6)] public required string Message { get; init; }

    /// <summary>When it was evaluated (UTC ticks).</summary>
    [Id(7)] public required long AtTicks { get; init; }
}
