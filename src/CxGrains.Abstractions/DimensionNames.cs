namespace CxGrains.Abstractions;

/// <summary>
/// Names and spellings used in segment keys, so that the ingest edge, the grains and the query
/// API spell <c>channel=PHONE</c> and <c>stage=POST_PURCHASE</c> the same way.
/// </summary>
public static class DimensionNames
{
    /// <summary>The dimension that carries the event's channel.</summary>
    public const string Channel = "channel";

    /// <summary>The dimension that carries the event's journey stage.</summary>
    public const string Stage = "stage";

    /// <summary>The attribute that carries the customer's value tier.</summary>
    public const string Tier = "tier";

    private static readonly string[] ChannelNames = ["", "PHONE", "CHAT", "EMAIL", "WEB", "APP", "STORE", "SOCIAL", "FIELD"];
    private static readonly string[] StageNames = ["", "PRE_PURCHASE", "PURCHASE", "POST_PURCHASE"];

    /// <summary>The contract's spelling of a channel, e.g. <c>PHONE</c>.</summary>
    public static string Of(InteractionChannel channel) => ChannelNames[(int)channel];

    /// <summary>The contract's spelling of a journey stage, e.g. <c>POST_PURCHASE</c>.</summary>
    public static string Of(JourneyStage stage) => StageNames[(int)stage];
}
