namespace CxGrains.Scoring;

/// <summary>
/// When a customer's band would next change if no new event came: decay pulls every component back toward the
/// neutral score and a component that goes stale drops out (or turns neutral), so a quiet customer can still move
/// band (docs/scoring.md, "Bands move with time"). Computed once per evaluation so that the customer is woken only
/// then, never polled.
/// </summary>
/// <remarks>
/// With no new event the present components change only where one goes stale, so time splits into at most five
/// intervals. Inside one, with x = 2^(−(t − now)/h), a component's decayed weight is Dᶜ·x and its score
/// N + (mᶜ − N)·rᶜ(x), rᶜ(x) = Dᶜx / (Dᶜx + k) (m = the component's mean, N = neutral score, k = prior weight): health is
/// N + Σ vᶜ·rᶜ(x) with vᶜ = wᶜ(mᶜ − N)/Σw. Every rᶜ rises with x, so over [a, b] the terms with vᶜ ≥ 0 are bounded by
/// their values at a and b and the others the other way round. A bisection in time keeps only sub-intervals whose
/// bounds leave the band, earliest first, down to one second: exact to the second whatever the signs of the terms
/// (components pulling both ways can cross and come back), and bounded in work.
/// </remarks>
public static class HealthForecast
{
    /// <summary>The answer when decay alone never changes the band.</summary>
    public const long Never = long.MaxValue;

    private const int ComponentCount = (int)HealthComponentKind.Service + 1;
    private const double Ln2 = 0.693147180559945309417;

    // Bisection steps at most; beyond it the earliest time the band may change is returned (an early wake-up
    // re-forecasts, it never misses). A second's resolution over a 90-day horizon takes ~23 levels.
    private const int MaxSteps = 256;
    private const int MaxDepth = 64;

    /// <summary>
    /// The first moment after <paramref name="nowTicks"/> at which, with no new event, the band under
    /// <paramref name="options"/> differs from the band now; <see cref="Never"/> when it never does. Exact to one second
    /// (never early by more); allocates nothing.
    /// </summary>
    /// <param name="experience">The customer's experience.</param>
    /// <param name="nowTicks">The current time, UTC ticks.</param>
    /// <param name="options">The health model settings (the customer's scorecard).</param>
    /// <returns>UTC ticks of the change, or <see cref="Never"/>.</returns>
    public static long NextBandChange(CustomerExperience experience, long nowTicks, HealthModelOptions options) =>
        NextBandChange(experience, nowTicks, options, HealthModel.Figures(experience, nowTicks, options).Band);

    /// <summary>
    /// <see cref="NextBandChange(CustomerExperience, long, HealthModelOptions)"/> for a caller that has just computed
    /// the band now (<see cref="HealthModel.Figures"/>), to save computing it again.
    /// </summary>
    /// <param name="experience">The customer's experience.</param>
    /// <param name="nowTicks">The current time, UTC ticks.</param>
    /// <param name="options">The health model settings (the customer's scorecard).</param>
    /// <param name="band">The band at <paramref name="nowTicks"/>.</param>
    /// <returns>UTC ticks of the change, or <see cref="Never"/>.</returns>
    public static long NextBandChange(CustomerExperience experience, long nowTicks, HealthModelOptions options, HealthBand band)
    {
        ArgumentNullException.ThrowIfNull(experience);
        ArgumentNullException.ThrowIfNull(options);

        var (low, high) = band switch
        {
            HealthBand.Healthy => (options.HealthyThreshold, double.PositiveInfinity),
            HealthBand.AtRisk => (options.AtRiskThreshold, options.HealthyThreshold),
            _ => (double.NegativeInfinity, options.AtRiskThreshold),
        };

        double halfLife = options.HalfLife.Ticks;
        var neutral = options.NeutralScore;
        Span<double> means = stackalloc double[ComponentCount];
        Span<double> decayed = stackalloc double[ComponentCount];
        Span<double> weights = stackalloc double[ComponentCount];
        Span<long> staleAt = stackalloc long[ComponentCount];
        Span<long> breaks = stackalloc long[ComponentCount];
        var breakCount = 0;
        var allWeight = 0.0;
        for (var kind = HealthComponentKind.Loyalty; kind <= HealthComponentKind.Service; kind++)
        {
            var i = (int)kind;
            ref readonly var average = ref experience.Component(kind);
            weights[i] = options.WeightOf(kind);
            allWeight += Math.Max(0, weights[i]);
            staleAt[i] = long.MinValue; // never counts with its data from now on
            if (average.IsEmpty || !(weights[i] > 0) || nowTicks - average.AsOfTicks > options.StaleAfter.Ticks)
            {
                continue;
            }

            // The first tick at which "now − AsOf > StaleAfter" holds, as HealthModel decides staleness.
            staleAt[i] = SaturatingAdd(average.AsOfTicks, options.StaleAfter.Ticks + 1);
            means[i] = average.WeightedSum / average.Weight;
            decayed[i] = average.DecayedWeight(nowTicks, halfLife);
            Insert(breaks, ref breakCount, staleAt[i]);
        }

        Span<double> slopes = stackalloc double[ComponentCount];
        var start = nowTicks;
        for (var interval = 0; interval <= breakCount; interval++)
        {
            var end = interval < breakCount ? breaks[interval] : Never;
            if (end <= start)
            {
                continue;
            }

            // The components present on [start, end) and their pull vᶜ on the health.
            var present = 0.0;
            for (var i = 0; i < ComponentCount; i++)
            {
                present += staleAt[i] >= end ? weights[i] : 0;
            }

            var total = options.MissingData == MissingDataPolicy.Neutral ? allWeight : present;
            for (var i = 0; i < ComponentCount; i++)
            {
                slopes[i] = staleAt[i] >= end && present > 0 ? weights[i] * (means[i] - neutral) / total : 0;
            }

            var xStart = X(start - nowTicks, halfLife);
            if (start > nowTicks && !InBand(Health(slopes, decayed, neutral, options.PriorWeight, xStart), low, high))
            {
                return start; // a component going stale moves the band at once
            }

            if (present > 0 && end != Never)
            {
                var found = Search(slopes, decayed, neutral, options.PriorWeight, X(end - nowTicks, halfLife), xStart, low, high, halfLife, nowTicks);
                if (found != Never)
                {
                    return found;
                }
            }

            start = end;
        }

        return Never;
    }

    // The earliest x-bracket (latest x first = earliest time) in [xLow, xHigh] where the health may leave [low, high).
    private static long Search(ReadOnlySpan<double> slopes, ReadOnlySpan<double> decayed, double neutral, double prior,
        double xLow, double xHigh, double low, double high, double halfLife, long nowTicks)
    {
        // One second is the resolution: x values one second apart differ by the factor 2^(1 s / h).
        var resolution = Math.Exp(Ln2 * TimeSpan.TicksPerSecond / halfLife);
        Span<double> fromStack = stackalloc double[MaxDepth];
        Span<double> toStack = stackalloc double[MaxDepth];
        var depth = 0;
        fromStack[depth] = Math.Max(xLow, double.Epsilon);
        toStack[depth++] = xHigh;
        for (var step = 0; depth > 0; step++)
        {
            depth--;
            var a = fromStack[depth];
            var b = toStack[depth];
            if (step >= MaxSteps || depth >= MaxDepth - 2)
            {
                return TimeOf(b, halfLife, nowTicks); // out of budget: the earliest it may change
            }

            // Bounds of the health over [a, b]: each term is monotone in x, rising when its pull is positive.
            double min = neutral, max = neutral;
            for (var i = 0; i < slopes.Length; i++)
            {
                if (slopes[i] == 0)
                {
                    continue;
                }

                var ra = Share(decayed[i], prior, a);
                var rb = Share(decayed[i], prior, b);
                min += slopes[i] * (slopes[i] > 0 ? ra : rb);
                max += slopes[i] * (slopes[i] > 0 ? rb : ra);
            }

            if (min >= low && max < high)
            {
                continue; // stays in the band throughout
            }

            if (b <= a * resolution)
            {
                if (!InBand(Health(slopes, decayed, neutral, prior, a), low, high))
                {
                    return TimeOf(a, halfLife, nowTicks);
                }

                continue; // a touch shorter than a second
            }

            // Split at the middle in time (the geometric mean in x); the earlier half (larger x) is searched first.
            var middle = Math.Sqrt(a * b);
            fromStack[depth] = a;
            toStack[depth++] = middle;
            fromStack[depth] = middle;
            toStack[depth++] = b;
        }

        return Never;
    }

    // Health at x: N + Σ vᶜ·rᶜ(x).
    private static double Health(ReadOnlySpan<double> slopes, ReadOnlySpan<double> decayed, double neutral, double prior, double x)
    {
        var health = neutral;
        for (var i = 0; i < slopes.Length; i++)
        {
            health += slopes[i] == 0 ? 0 : slopes[i] * Share(decayed[i], prior, x);
        }

        return health;
    }

    // rᶜ(x) = Dx / (Dx + k): how much of the component's own mean is left against the prior.
    private static double Share(double decayedWeight, double prior, double x) =>
        prior > 0 ? decayedWeight * x / ((decayedWeight * x) + prior) : 1;

    private static bool InBand(double health, double low, double high) => health >= low && health < high;

    private static double X(long elapsedTicks, double halfLife) => Math.Exp(-Ln2 * elapsedTicks / halfLife);

    private static long TimeOf(double x, double halfLife, long nowTicks)
    {
        var elapsed = Math.Ceiling(-Math.Log(x) * halfLife / Ln2);
        return elapsed >= Never - nowTicks ? Never : nowTicks + Math.Max(1, (long)elapsed);
    }

    private static long SaturatingAdd(long a, long b) => a > Never - b ? Never : a + b;

    // Keeps the stale moments sorted and distinct (at most four).
    private static void Insert(Span<long> breaks, ref int count, long value)
    {
        var at = count;
        while (at > 0 && breaks[at - 1] > value)
        {
            at--;
        }

        if (at > 0 && breaks[at - 1] == value)
        {
            return;
        }

        for (var i = count; i > at; i--)
        {
            breaks[i] = breaks[i - 1];
        }

        breaks[at] = value;
        count++;
    }
}
