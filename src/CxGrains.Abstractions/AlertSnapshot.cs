namespace CxGrains.Abstractions;

/// <summary>One alert raised by a rule over a touchpoint, segment or customer.</summary>
[GenerateSerializer, Immutable, Alias("cx.AlertSnapshot")]
public sealed record AlertSnapshot
{
    /// <summary>Stable id: rule and subject, so a re-raise of the same condition updates one alert.</summary>
    [Id(0)] public required string AlertId { get; init; }

    /// <summary>The rule's name from configuration.</summary>
    [Id(1)] public required string Rule { get; init; }

    /// <summary>What it is about: <c>touchpoint/&lt;id&gt;</c>, <c>segment/&lt;key&gt;</c> or <c>customer/&lt;id&gt;</c>.</summary>
    [Id(2)] public required string Subject { get; init; }

    /// <summary>Raised or resolved.</summary>
    [Id(3)] public required AlertStatus Status { get; init; }

    /// <summary>The metric's value when last evaluated.</summary>
    [Id(4)] public required double Value { get; init; }

    /// <summary>The rule's threshold.</summary>
    [Id(5)] public required double Threshold { get; init; }

    /// <summary>Human-readable summary.</summary>
    [Id(6)] public required string Message { get; init; }

    /// <summary>When it was raised (UTC ticks).</summary>
    [Id(7)] public required long RaisedAtTicks { get; init; }

    /// <summary>When it last changed (UTC ticks).</summary>
    [Id(8)] public required long UpdatedAtTicks { get; init; }

    /// <summary>When it resolved (UTC ticks), or null while raised.</summary>
    [Id(9)] public long? ResolvedAtTicks { get; init; }
}
