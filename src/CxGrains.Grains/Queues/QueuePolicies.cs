using CxGrains.Scoring.Queues;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Queues;

/// <summary>Each queue's counting rules, from its service target and <see cref="QueueOptions"/>; the same on every silo.</summary>
public sealed class QueuePolicies(IOptions<QueueOptions> options, ServiceTargets targets)
{
    private readonly QueueOptions _options = options.Value;
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>The rules of queue <paramref name="queueId"/>.</summary>
    public QueuePolicy For(string queueId) => new(
        targets.For(queueId).EffectiveWaitSeconds,
        _options.ShortAbandonSeconds.TryGetValue(queueId, out var seconds) ? seconds : _options.DefaultShortAbandonSeconds,
        _options.OpenContactCutoff,
        _zone);

    /// <summary>Whether <paramref name="zone"/> names a time zone this machine knows.</summary>
    public static bool IsKnownTimeZone(string? zone) =>
        !string.IsNullOrWhiteSpace(zone) && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _);
}
