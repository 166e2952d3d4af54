using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Host.Live;

/// <summary>What a hub client watches: a segment, a touchpoint (each in one window), or the alerts.</summary>
/// <param name="Name">The topic as clients write it: <c>segment/&lt;key&gt;</c>, <c>touchpoint/&lt;id&gt;</c> or <c>alerts</c>.</param>
/// <param name="Kind">Touchpoint or segment; null for alerts.</param>
/// <param name="Key">Touchpoint id or canonical segment key; empty for alerts.</param>
public sealed record LiveTopic(string Name, AggregateKind? Kind, string Key)
{
    /// <summary>The alerts topic, and the hub group of the connections that see every alert.</summary>
    public const string Alerts = "alerts";

    /// <summary>
    /// The hub group of wallboard-role connections watching <see cref="Alerts"/>: touchpoint and segment
    /// alerts only, never one that names a customer.
    /// </summary>
    public const string AggregateAlertsGroup = "alerts/aggregates";

    /// <summary>Prefix of segment topics.</summary>
    public const string SegmentPrefix = "segment/";

    /// <summary>Prefix of touchpoint topics.</summary>
    public const string TouchpointPrefix = "touchpoint/";

    private const int MaxIdLength = 128;

    /// <summary>The topic name of an aggregate.</summary>
    public static string NameOf(AggregateKind kind, string key) =>
        (kind == AggregateKind.Segment ? SegmentPrefix : TouchpointPrefix) + key;

    /// <summary>Parses a topic; on failure <paramref name="error"/> says what is wrong and what is accepted.</summary>
    public static bool TryParse(string? name, out LiveTopic? topic, out string? error)
    {
        topic = null;
        error = null;
        if (name == Alerts)
        {
            topic = new LiveTopic(Alerts, null, "");
            return true;
        }

        if (name is not null && name.StartsWith(SegmentPrefix, StringComparison.Ordinal))
        {
            var key = name[SegmentPrefix.Length..];
            if (!SegmentKeyPlanner.TryParse(key, out _, out var why))
            {
                error = $"segment key '{key}' is not canonical: {why} Use e.g. 'segment/all', 'segment/region=EU' or 'segment/channel=PHONE|tier=gold' (dimensions sorted by name).";
                return false;
            }

            topic = new LiveTopic(name, AggregateKind.Segment, key);
            return true;
        }

        if (name is not null && name.StartsWith(TouchpointPrefix, StringComparison.Ordinal))
        {
            var id = name[TouchpointPrefix.Length..];
            if (id.Length is 0 or > MaxIdLength)
            {
                error = $"touchpoint id must be 1–{MaxIdLength} characters.";
                return false;
            }

            topic = new LiveTopic(name, AggregateKind.Touchpoint, id);
            return true;
        }

        error = $"unknown topic '{name}': use 'segment/<key>', 'touchpoint/<id>' or 'alerts'.";
        return false;
    }
}
