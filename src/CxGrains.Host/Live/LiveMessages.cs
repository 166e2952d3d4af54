using System.Text.Json;

namespace CxGrains.Host.Live;

/// <summary>Names of the messages the hub sends, and the shape of <c>update</c>.</summary>
public static class LiveMessages
{
    /// <summary>A topic's view in one window: the snapshot on Watch, then changes.</summary>
    public const string Update = "update";

    /// <summary>An alert raised, updated or resolved (the query API's <c>Alert</c> JSON).</summary>
    public const string Alert = "alert";
}

/// <summary>The argument of an <c>update</c> message.</summary>
/// <param name="Topic">The watched topic, e.g. <c>segment/region=EU</c>.</param>
/// <param name="Window">The window name, e.g. <c>ONE_MINUTE</c>.</param>
/// <param name="AsOf">When the numbers were computed (RFC 3339, UTC); equals <c>view.asOf</c>. Keep the newest.</param>
/// <param name="View">The query API's <c>SegmentView</c> or <c>TouchpointView</c> JSON.</param>
public sealed record LiveUpdate(string Topic, string Window, string AsOf, JsonElement View);
