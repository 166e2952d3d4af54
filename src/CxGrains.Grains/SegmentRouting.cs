using CxGrains.Abstractions;
using CxGrains.Grains.Aggregates;
using CxGrains.Grains.Customers;
using CxGrains.Scoring;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains;

/// <summary>
/// Decides which segments an event and a customer belong to. Events count in every segment their
/// attributes, channel and stage place them in; a customer's health band counts only in segments
/// made of customer attributes (a customer has a region, not a channel).
/// </summary>
public sealed class SegmentRouting
{
    // Cache slots of EventSegments: one per (channel, stage) value pair, enums' unset 0 included.
    private static readonly int StageSlots = Enum.GetValues<JourneyStage>().Max(v => (int)v) + 1;
    private static readonly int EventSlots = (Enum.GetValues<InteractionChannel>().Max(v => (int)v) + 1) * StageSlots;

    private readonly SegmentKeyPlanner _planner;
    private readonly HashSet<string> _attributeDimensions;

    /// <summary>Builds the routing from configuration.</summary>
    public SegmentRouting(IOptions<SegmentOptions> options)
    {
        var segments = options.Value;
        _planner = new SegmentKeyPlanner(segments.EffectiveDimensions, segments.EffectivePairs);
        _attributeDimensions = [.. segments.EffectiveDimensions
            .Concat(segments.EffectivePairs.SelectMany(p => p))
            .Where(d => d is not DimensionNames.Channel and not DimensionNames.Stage)];
        _attributeDimensions.Add(DimensionNames.Tier);
    }

    /// <summary>True when <paramref name="name"/> is an attribute the customer should remember.</summary>
    public bool IsTrackedAttribute(string name) => _attributeDimensions.Contains(name);

    /// <summary>Segments an event counts in.</summary>
    public IReadOnlyList<string> EventSegments(IReadOnlyDictionary<string, string> customerAttributes, InteractionChannel channel, JourneyStage stage)
    {
        var values = new Dictionary<string, string>(customerAttributes, StringComparer.Ordinal)
        {
            [DimensionNames.Channel] = DimensionNames.Of(channel),
            [DimensionNames.Stage] = DimensionNames.Of(stage),
        };
        return _planner.KeysFor(values);
    }

    /// <summary>
    /// Segments an event counts in, computed once per shared attribute set and (channel, stage):
    /// the per-event path then allocates nothing for segment routing.
    /// </summary>
    public string[] EventSegments(AttributeDictionary customerAttributes, InteractionChannel channel, JourneyStage stage)
    {
        ArgumentNullException.ThrowIfNull(customerAttributes);
        var slot = ((int)channel * StageSlots) + (int)stage;
        return customerAttributes.CachedEventSegments(slot)
            ?? customerAttributes.CacheEventSegments(slot, EventSlots, [.. EventSegments((IReadOnlyDictionary<string, string>)customerAttributes, channel, stage)]);
    }

    /// <summary>Segments whose health distribution counts the customer.</summary>
    public IReadOnlyList<string> CustomerSegments(IReadOnlyDictionary<string, string> customerAttributes) =>
        _planner.KeysFor(customerAttributes);
}
