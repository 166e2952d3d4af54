using CxGrains.Scoring;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains;

/// <summary>Looks up each touchpoint's promised wait; the same configuration on every silo.</summary>
public sealed class ServiceTargets(IOptions<ServiceTargetOptions> options)
{
    private readonly ServiceTargetOptions _options = options.Value;

    /// <summary>The target of <paramref name="touchpointId"/>, or the default.</summary>
    public ServiceTarget For(string touchpointId) =>
        new(_options.TargetWaitSeconds.TryGetValue(touchpointId, out var seconds) ? seconds : _options.DefaultTargetWaitSeconds);
}
