namespace CxGrains.Grains.Aggregates;

/// <summary>Which segments exist. Section <c>Cx:Segments</c>.</summary>
public sealed class SegmentOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Segments";

    /// <summary>Dimensions used when <see cref="Dimensions"/> is not configured.</summary>
    public static readonly IReadOnlyList<string> DefaultDimensions = ["region", "tier", "product", "channel", "stage"];

    /// <summary>Pairs used when <see cref="Pairs"/> is not configured.</summary>
    public static readonly IReadOnlyList<string> DefaultPairs = ["channel|tier", "channel|region"];

    // Null means "not configured": the configuration binder appends to a pre-filled list instead of
    // replacing it, so defaults are applied only when nothing was bound.

    /// <summary>
    /// Dimensions with a single-dimension roll-up each. <c>channel</c> and <c>stage</c> come from the
    /// event; the others from its attributes. Default: region, tier, product, channel, stage.
    /// </summary>
    public List<string>? Dimensions { get; set; }

    /// <summary>Two-dimension roll-ups, each written <c>a|b</c>. Default: channel|tier, channel|region.</summary>
    public List<string>? Pairs { get; set; }

    /// <summary>
    /// At-risk customers each segment lists, highest priority (value × churn risk) first; below them a
    /// full list drops the lowest. Band counts are exact regardless. Default 1,000, the most
    /// <c>ListAtRisk</c> returns.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000, ErrorMessage = "Cx:Segments:AtRiskKept must be 1–100000.")]
    public int AtRiskKept { get; set; } = 1_000;

    /// <summary>
    /// Customers whose band changes ahead each segment holds, to apply them at their moment while the customer
    /// sleeps. Beyond it the soonest change is applied at once, early: counts stay exact, the move comes early.
    /// Default 100,000 (about 200 bytes each, more for a change that lists the customer at risk).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000_000, ErrorMessage = "Cx:Segments:PendingCrossingsKept must be 1–10000000.")]
    public int PendingCrossingsKept { get; set; } = 100_000;

    /// <summary>The configured dimensions, or the defaults.</summary>
    public IReadOnlyList<string> EffectiveDimensions => Dimensions ?? DefaultDimensions;

    /// <summary>The configured pairs, or the defaults, split into their two dimensions.</summary>
    public IReadOnlyList<IReadOnlyList<string>> EffectivePairs =>
        [.. (Pairs ?? DefaultPairs).Select(p => (IReadOnlyList<string>)p.Split('|', StringSplitOptions.TrimEntries))];
}
