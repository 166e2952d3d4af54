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
        RequirePositive(HalfLife, nameof(HalfLife));
        RequirePositive(StaleAfter, nameof(StaleAfter));
        RequirePositive(NegativeWindow, nameof(NegativeWindow));
        RequireWeight(LoyaltyWeight, nameof(LoyaltyWeight));
        RequireWeight(SatisfactionWeight, nameof(SatisfactionWeight));
        RequireWeight(EffortWeight, nameof(EffortWeight));
        RequireWeight(ServiceWeight, nameof(ServiceWeight));
        if (!(LoyaltyWeight + SatisfactionWeight + EffortWeight + ServiceWeight > 0))
        {
            throw new ArgumentException(
                $"{nameof(HealthModelOptions)}: at least one of {nameof(LoyaltyWeight)}, {nameof(SatisfactionWeight)}, "
                + $"{nameof(EffortWeight)}, {nameof(ServiceWeight)} must be greater than 0.",
                nameof(LoyaltyWeight));
        }

        if (!(NeutralScore >= 0 && NeutralScore <= 100))
        {
            throw new ArgumentException(
                $"{nameof(HealthModelOptions)}.{nameof(NeutralScore)} must be between 0 and 100 (was {NeutralScore}).",
                nameof(NeutralScore));
        }

        if (!(PriorWeight >= 0 && double.IsFinite(PriorWeight)))
        {
            throw new ArgumentException(
                $"{nameof(HealthModelOptions)}.{nameof(PriorWeight)} must be a finite number, 0 or more (was {PriorWeight}).",
                nameof(PriorWeight));
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(HealthModelOptions)}.{name} must be positive (was {value}).", name);
        }
    }

    private static void RequireWeight(double value, string name)
    {
        if (!(value >= 0 && double.IsFinite(value)))
        {
            throw new ArgumentException($"{nameof(HealthModelOptions)}.{name} must be a finite number, 0 or more (was {value}).", name);
        }
    }
}
