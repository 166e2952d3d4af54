using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Customers;

/// <summary>
/// The next two moments at which a customer's band changes with no new event, and the band after each: what a
/// customer hands to its segments as it deactivates, and remembers having handed off, so that its segments move
/// it while it sleeps and its first report once awake starts from where they moved it. Default: no change ahead. 24 bytes.
/// </summary>
[GenerateSerializer, Immutable, Alias("cx.BandForecast")]
public readonly record struct BandForecast(
    [property: Id(0)] long FirstAtTicks,
    [property: Id(1)] long SecondAtTicks,
    [property: Id(2)] HealthBand First,
    [property: Id(3)] HealthBand Second)
{
    // Stretches of unchanged band skipped at most (an override that hides a change, a forecast a second early).
    private const int MaxSteps = 6;

    /// <summary>True when a change is ahead.</summary>
    public bool Any => First != 0;

    /// <summary>True when the customer is in a band listed at risk at any of these moments.</summary>
    public bool ListsAtRisk => First is HealthBand.AtRisk or HealthBand.Critical || Second is HealthBand.AtRisk or HealthBand.Critical;

    /// <summary>The band at <paramref name="nowTicks"/> of a customer reported in <paramref name="reported"/> with these changes.</summary>
    public HealthBand BandAt(HealthBand reported, long nowTicks) =>
        Second != 0 && nowTicks >= SecondAtTicks ? Second : First != 0 && nowTicks >= FirstAtTicks ? First : reported;

    /// <summary>The band after every change: where a segment counts the customer once it holds no change of it.</summary>
    public HealthBand FinalOr(HealthBand reported) => Second != 0 ? Second : First != 0 ? First : reported;

    /// <summary>The changes still ahead at <paramref name="nowTicks"/>.</summary>
    public BandForecast After(long nowTicks) =>
        First == 0 || nowTicks < FirstAtTicks ? this
        : Second != 0 && nowTicks < SecondAtTicks ? new BandForecast(SecondAtTicks, 0, Second, 0)
        : default;

    /// <summary>
    /// The first two changes after <paramref name="nowTicks"/> of the band a customer shows (its override's while one
    /// applies), each from the state at the one before, with no new event. <paramref name="firstCandidate"/> is the
    /// evaluation's own forecast (the earliest moment anything may change), to save computing it again.
    /// </summary>
    public static BandForecast Of(CustomerExperience experience, long nowTicks, HealthModelOptions model, HealthOverride? healthOverride, long firstCandidate)
    {
        var band = ShownAt(experience, nowTicks, model, healthOverride).Band;
        Span<long> at = stackalloc long[2];
        Span<HealthBand> to = stackalloc HealthBand[2];
        var found = 0;
        var t = nowTicks;
        var next = firstCandidate;
        for (var step = 0; step < MaxSteps && found < 2 && next != HealthForecast.Never; step++)
        {
            var after = ShownAt(experience, next, model, healthOverride).Band;
            if (after != band)
            {
                at[found] = next;
                to[found++] = after;
                band = after;
            }

            t = next;
            next = NextChange(experience, t, model, healthOverride);
        }

        return new BandForecast(found > 0 ? at[0] : 0, found > 1 ? at[1] : 0, found > 0 ? to[0] : 0, found > 1 ? to[1] : 0);
    }

    /// <summary>The score, band and churn risk a customer shows at <paramref name="atTicks"/> with no new event.</summary>
    public static HealthFigures ShownAt(CustomerExperience experience, long atTicks, HealthModelOptions model, HealthOverride? healthOverride)
    {
        var figures = HealthModel.Figures(experience, atTicks, model);
        if (healthOverride is { } o && o.ActiveAt(atTicks))
        {
            var (score, band) = o.Apply(figures.Score, figures.Band);
            figures = figures with { Score = score, Band = band };
        }

        return figures;
    }

    // As the band sweep sees it: the computed band's next change, and an override's end; an override that sets the
    // band hides the computed changes until it ends.
    private static long NextChange(CustomerExperience experience, long atTicks, HealthModelOptions model, HealthOverride? healthOverride)
    {
        if (healthOverride is { } o && o.ActiveAt(atTicks))
        {
            return o.Score is not null || o.Band is not null
                ? o.ExpiresAtTicks
                : Math.Min(o.ExpiresAtTicks, HealthForecast.NextBandChange(experience, atTicks, model));
        }

        return HealthForecast.NextBandChange(experience, atTicks, model);
    }
}
