using CxGrains.Abstractions;
using CxGrains.Grains.Options;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Aggregates;

/// <summary>Rolling metrics of one touchpoint, fed by every silo's accumulator.</summary>
[GrainType("cx.touchpoint")]
public sealed class TouchpointGrain(
    [PersistentState(StorageNames.Touchpoint, StorageNames.Provider)] IPersistentState<AggregateState> state,
    IOptions<DurabilityOptions> durability,
    ServiceTargets targets,
    TimeProvider time) : AggregateGrain(state, durability, time), ITouchpointGrain
{
    /// <inheritdoc />
    protected override AggregateSnapshot Describe(AggregateSnapshot snapshot) =>
        snapshot with { TargetWaitSeconds = targets.For(this.GetPrimaryKeyString()).TargetWaitSeconds };
}
