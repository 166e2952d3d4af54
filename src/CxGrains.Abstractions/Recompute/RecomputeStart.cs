namespace CxGrains.Abstractions.Recompute;

/// <summary>The answer to a start: the run (new, or the one already in progress), or why none can run.</summary>
/// <param name="Run">The run; null when refused.</param>
/// <param name="Refusal">Why no run can start (e.g. the cluster keeps no journal); null when started.</param>
/// <param name="AlreadyRunning">True when <paramref name="Run"/> was already in progress.</param>
[GenerateSerializer, Immutable, Alias("cx.RecomputeStart")]
public sealed record RecomputeStart(
    [property: Id(0)] RecomputeStatus? Run,
    [property: Id(1)] string? Refusal,
    [property: Id(2)] bool AlreadyRunning);
