namespace CxGrains.Scoring;

/// <summary>
/// The settings of the customer health model, with documented defaults (docs/scoring.md, "Customer health").
/// Call <see cref="Validate"/> once at start-up; the per-event paths do not re-check.
/// </summary>
public sealed record HealthModelOptions
{
    /// <summary>The defaults.</summary>
    public static HealthModelOptions Default { get; } = new();

    /// <summary>Half-life of every component's decayed mean (DESIGN.md §2: default 30 days): a month-old answer counts half.</summary>
    public TimeSpan HalfLife { get; init; } = TimeSpan.FromDays(30);

    /// <summary>A component whose newest signal is older than this drops out of the blend (default 90 days, about a quarter).</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Weight of loyalty (NPS): the largest, because loyalty, not satisfaction alone, is the goal (DESIGN.md §1).</summary>
    public double LoyaltyWeight { get; init; } = 0.35;

    /// <summary>Weight of satisfaction (CSAT).</summary>
    public double SatisfactionWeight { get; init; } = 0.25;

    /// <summary>Weight of effort (CES): the smallest, as CES is the sparsest and narrowest survey.</summary>
    public double EffortWeight { get; init; } = 0.15;

    /// <summary>Weight of service outcomes (contacts and complaints): observed rather than asked, so always fresh.</summary>
    public double ServiceWeight { get; init; } = 0.25;

    /// <summary>The score a component returns to as its data ages, and the health of a customer with no data (default 70, the edge of "healthy").</summary>
    public double NeutralScore { get; init; } = 70;

    /// <summary>How many fresh signals the neutral prior is worth in each component's mean (default 0.5): one fresh answer outweighs it two to one.</summary>
    public double PriorWeight { get; init; } = 0.5;

    /// <summary>Half-life of the decayed count of negative experiences behind churn risk (default 30 days).</summary>
    public TimeSpan NegativeWindow { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Health at or above which a customer is healthy (DESIGN.md §2: default 70).</summary>
    public double HealthyThreshold { get; init; } = 70;

    /// <summary>Health at or above which a customer is at risk rather than critical (DESIGN.md §2: default 40).</summary>
    public double AtRiskThreshold { get; init; } = 40;

    /// <summary>How a component without fresh data counts (default: it drops out and the rest are re-normalised).</summary>
    public MissingDataPolicy MissingData { get; init; } = MissingDataPolicy.Renormalize;

    /// <summary>The band of a health score under these thresholds: ≥ healthy, ≥ at risk, otherwise critical.</summary>
    /// <param name="healthScore">Health 0–100.</param>
    /// <returns>The band; NaN is critical.</returns>
    public HealthBand BandOf(double healthScore) =>
        healthScore >= HealthyThreshold ? HealthBand.Healthy
        : healthScore >= AtRiskThreshold ? HealthBand.AtRisk
        : HealthBand.Critical;

    /// <summary>The weight of a component.</summary>
    /// <param name="component">The component.</param>
    /// <returns>Its configured weight.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown component.</exception>
    public double WeightOf(HealthComponentKind component) => component switch
    {
        HealthComponentKind.Loyalty => LoyaltyWeight,
        HealthComponentKind.Satisfaction => SatisfactionWeight,
        HealthComponentKind.Effort => EffortWeight,
        HealthComponentKind.Service => ServiceWeight,
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, "Unknown component."),
    };

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        foreach (var (setting, problem) in Problems())
        {
            throw new ArgumentException($"{nameof(HealthModelOptions)}.{setting} {problem}", setting);
        }
    }

    /// <summary>Every setting out of range, as the setting's name and what is wrong with it; none when valid.</summary>
    /// <returns>The problems, in the order of the settings.</returns>
    public IEnumerable<(string Setting, string Problem)> Problems()
    {
        foreach (var (value, name) in new[] { (HalfLife, nameof(HalfLife)), (StaleAfter, nameof(StaleAfter)), (NegativeWindow, nameof(NegativeWindow)) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return (name, $"must be positive (was {value}).");
            }
        }

        var weights = new[]
        {
            (LoyaltyWeight, nameof(LoyaltyWeight)), (SatisfactionWeight, nameof(SatisfactionWeight)),
            (EffortWeight, nameof(EffortWeight)), (ServiceWeight, nameof(ServiceWeight)),
        };
        foreach (var (value, name) in weights)
        {
            if (!(value >= 0 && double.IsFinite(value)))
            {
                yield return (name, $"must be a finite number, 0 or more (was {value}).");
            }
        }

        if (!(LoyaltyWeight + SatisfactionWeight + EffortWeight + ServiceWeight > 0))
        {
            yield return (nameof(LoyaltyWeight),
                $"or one of {nameof(SatisfactionWeight)}, {nameof(EffortWeight)}, {nameof(ServiceWeight)} must be greater than 0.");
        }

        if (!(NeutralScore >= 0 && NeutralScore <= 100))
        {
            yield return (nameof(NeutralScore), $"must be between 0 and 100 (was {NeutralScore}).");
        }

        if (!(PriorWeight >= 0 && double.IsFinite(PriorWeight)))
        {
            yield return (nameof(PriorWeight), $"must be a finite number, 0 or more (was {PriorWeight}).");
        }

        if (!(HealthyThreshold >= 0 && HealthyThreshold <= 100))
        {
            yield return (nameof(HealthyThreshold), $"must be between 0 and 100 (was {HealthyThreshold}).");
        }

        if (!(AtRiskThreshold >= 0 && AtRiskThreshold <= HealthyThreshold))
        {
            yield return (nameof(AtRiskThreshold), $"must be between 0 and {nameof(HealthyThreshold)} ({HealthyThreshold}) (was {AtRiskThreshold}).");
        }

        if (!Enum.IsDefined(MissingData))
        {
            yield return (nameof(MissingData), $"must be {nameof(MissingDataPolicy.Renormalize)} or {nameof(MissingDataPolicy.Neutral)} (was {MissingData}).");
        }
    }
}
