namespace CxGrains.Grains.Alerts;

/// <summary>The customer rule: a customer of a high value tier turning CRITICAL. Section <c>Cx:Alerts:Customers</c>.</summary>
public sealed class CustomerAlertOptions
{
    /// <summary>Whether the rule runs. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The rule's name in alerts. Default <c>high-value-customer-critical</c>.</summary>
    public string Name { get; set; } = "high-value-customer-critical";

    /// <summary>Value tiers (the <c>tier</c> attribute, case-insensitive) that alert. Default: platinum, gold.</summary>
    public List<string>? Tiers { get; set; }

    /// <summary>Tiers used when <see cref="Tiers"/> is not configured.</summary>
    public static IReadOnlyList<string> DefaultTiers { get; } = ["platinum", "gold"];

    /// <summary>The configured tiers, or the defaults.</summary>
    public IReadOnlyList<string> EffectiveTiers => Tiers ?? DefaultTiers;
}
