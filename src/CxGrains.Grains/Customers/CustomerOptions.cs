using System.ComponentModel.DataAnnotations;
using CxGrains.Scoring;

namespace CxGrains.Grains.Customers;

/// <summary>What a customer grain keeps and how it scores. Section <c>Cx:Customers</c>.</summary>
public sealed class CustomerOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Customers";

    /// <summary>Recent interactions kept per customer (newest by business time). Default 8.</summary>
    [Range(0, 100)]
    public int RecentInteractions { get; set; } = 8;

    /// <summary>
    /// Event ids remembered per customer to drop resends (a 64-bit hash each). A resend of one of
    /// the customer's last <c>DedupeHorizon</c> events counts once. Default 128.
    /// </summary>
    [Range(1, 4096)]
    public int DedupeHorizon { get; set; } = 128;

    /// <summary>Longest NPS comment kept, in characters; longer ones are truncated. Default 500.</summary>
    [Range(0, 4000)]
    public int CommentMaxLength { get; set; } = 500;

    /// <summary>Negative experiences remembered for the recent count. Default 16.</summary>
    [Range(1, 256)]
    public int NegativeHistory { get; set; } = 16;

    /// <summary>Value weight per tier (case-insensitive) used to rank at-risk customers.</summary>
    public Dictionary<string, double> TierWeights { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["platinum"] = 5,
        ["gold"] = 3,
        ["silver"] = 2,
        ["bronze"] = 1,
    };

    /// <summary>Value weight of a customer without a known tier. Default 1.</summary>
    [Range(0.0, 1000.0)]
    public double DefaultValueWeight { get; set; } = 1;

    /// <summary>
    /// Health model settings (half-life, staleness, weights) of the built-in scorecard, used when <c>Cx:Health:Scorecards</c>
    /// is empty. A fresh instance: configuration binds into it, and must not change the shared default.
    /// </summary>
    public HealthModelOptions Health { get; set; } = new();

    /// <summary>
    /// How often the silo re-scores the active customers whose band decay alone has changed since (default 1 minute):
    /// a band, its segment counts and at-risk lists follow time at most this late.
    /// </summary>
    public TimeSpan BandSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The value weight of a tier.</summary>
    public double ValueWeightOf(string tier) =>
        tier.Length > 0 && TierWeights.TryGetValue(tier, out var weight) ? weight : DefaultValueWeight;
}
