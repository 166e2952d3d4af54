using CxGrains.Abstractions.Recompute;

namespace CxGrains.Grains.Recompute;

/// <summary>What the recompute coordinator persists: its latest runs, newest last.</summary>
[GenerateSerializer, Alias("cx.RecomputeHistory.v1")]
public sealed class RecomputeHistory
{
    /// <summary>Runs kept for status queries.</summary>
    public const int Kept = 20;

    /// <summary>The runs, oldest first.</summary>
    [Id(0)] public List<RecomputeStatus> Runs { get; set; } = [];
}
