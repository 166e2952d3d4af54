using CxGrains.Contracts.V1;

namespace CxGrains.LoadGen;

/// <summary>The fixed strings of the synthetic world, allocated once and shared by every event.</summary>
public static class SyntheticVocabulary
{
    /// <summary>Attribute key of the customer's region.</summary>
    public const string RegionKey = "region";

    /// <summary>Attribute key of the customer's value tier.</summary>
    public const string TierKey = "tier";

    /// <summary>Attribute key of the customer's main product.</summary>
    public const string ProductKey = "product";

    /// <summary>Regions, with <see cref="RegionWeights"/>.</summary>
    public static IReadOnlyList<string> Regions { get; } = ["EU", "NA", "APAC", "LATAM"];

    /// <summary>Relative customer counts per region.</summary>
    public static IReadOnlyList<double> RegionWeights { get; } = [0.35, 0.30, 0.25, 0.10];

    /// <summary>Currency of purchases per region (same order as <see cref="Regions"/>).</summary>
    public static IReadOnlyList<string> Currencies { get; } = ["EUR", "USD", "AUD", "BRL"];

    /// <summary>Value tiers, rarest (most valuable) first, with <see cref="TierWeights"/>.</summary>
    public static IReadOnlyList<string> Tiers { get; } = ["gold", "silver", "bronze"];

    /// <summary>Relative customer counts per tier: gold is rare.</summary>
    public static IReadOnlyList<double> TierWeights { get; } = [0.08, 0.27, 0.65];

    /// <summary>Products, with <see cref="ProductWeights"/>.</summary>
    public static IReadOnlyList<string> Products { get; } = ["mobile", "broadband", "tv", "energy", "insurance"];

    /// <summary>Relative customer counts per product.</summary>
    public static IReadOnlyList<double> ProductWeights { get; } = [0.35, 0.25, 0.15, 0.15, 0.10];

    /// <summary>The fixed list of top issues NPS answers may cite.</summary>
    public static IReadOnlyList<string> ReasonCodes { get; } =
    [
        "WAIT_TIME", "RESOLUTION", "STAFF", "PRICE", "PRODUCT_QUALITY", "BILLING", "DELIVERY", "DIGITAL_EXPERIENCE",
    ];

    /// <summary>Complaint categories.</summary>
    public static IReadOnlyList<string> ComplaintCategories { get; } =
    [
        "billing", "service_outage", "delivery", "product_defect", "staff_conduct", "privacy",
    ];

    /// <summary>Comments of detractors.</summary>
    public static IReadOnlyList<string> DetractorComments { get; } =
    [
        "Waited far too long and nobody could fix it.",
        "Third call about the same bill.",
        "The app keeps logging me out.",
        "Too expensive for what you get.",
    ];

    /// <summary>Comments of passives.</summary>
    public static IReadOnlyList<string> PassiveComments { get; } =
    [
        "Fine, but it took longer than promised.",
        "OK service, the website could be clearer.",
    ];

    /// <summary>Comments of promoters.</summary>
    public static IReadOnlyList<string> PromoterComments { get; } =
    [
        "Sorted in one call, thank you!",
        "Friendly agent and quick delivery.",
        "Great value, easy to use.",
    ];

    /// <summary>Lower-case channel names for touchpoint ids, indexed by the enum value.</summary>
    internal static IReadOnlyList<string> ChannelSlugs { get; } =
        ["unspecified", "phone", "chat", "email", "web", "app", "store", "social", "field"];

    /// <summary>Every real channel (UNSPECIFIED excluded), in enum order.</summary>
    internal static IReadOnlyList<Channel> AllChannels { get; } =
    [
        Channel.Phone, Channel.Chat, Channel.Email, Channel.Web, Channel.App, Channel.Store, Channel.Social, Channel.Field,
    ];

    /// <summary>Share of touchpoints per channel (same order as <see cref="AllChannels"/>).</summary>
    internal static IReadOnlyList<double> ChannelTouchpointWeights { get; } = [0.20, 0.15, 0.10, 0.15, 0.15, 0.10, 0.08, 0.07];

    /// <summary>Channels where service contacts and complaints happen (assisted service).</summary>
    internal static bool IsServiceChannel(Channel channel) =>
        channel is Channel.Phone or Channel.Chat or Channel.Email or Channel.Social or Channel.Field;

    /// <summary>Channels where purchases happen.</summary>
    internal static bool IsCommerceChannel(Channel channel) => channel is Channel.Web or Channel.App or Channel.Store;
}
