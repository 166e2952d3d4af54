using CxGrains.Abstractions;

namespace CxGrains.Grains.Live;

/// <summary>What the live host registry persists: the hosts it knows, so that a new activation starts with them.</summary>
[GenerateSerializer, Alias("cx.LiveHostRegistryState.v1")]
public sealed class LiveHostRegistryState
{
    /// <summary>The registered hosts' observers.</summary>
    [Id(0)] public List<ILiveHostObserver> Hosts { get; set; } = [];
}
