using System.Diagnostics.CodeAnalysis;

namespace CxGrains.Scoring;

/// <summary>
/// An exponentially time-decayed mean whose result does not depend on the order samples arrive in: the sums are
/// kept referenced to the newest sample's time, and a sample of age a (relative to it) weighs 2^(−a / halfLife).
/// With every value 1 the weight is a decayed count. A mutable struct with public fields so that grain state can
/// persist it as is. The half-life must be the same for every call on one instance.
/// </summary>
[SuppressMessage("Design", "CA1051:Do not declare visible instance fields", Justification = "Persisted field by field by grain state.")]
public struct DecayingAverage
{
    private const double Ln2 = 0.693147180559945309417;

    /// <summary>Σ wᵢ·xᵢ, with weights referenced to <see cref="AsOfTicks"/>.</summary>
    public double WeightedSum;

    /// <summary>Σ wᵢ, with weights referenced to <see cref="AsOfTicks"/>.</summary>
    public double Weight;

    /// <summary>UTC ticks of the newest sample; 0 when empty.</summary>
    public long AsOfTicks;

    /// <summary>Whether no sample has been added.</summary>
    public readonly bool IsEmpty => !(Weight > 0);

    /// <summary>Adds a sample. Allocation-free; adding the same samples in any order gives the same sums (up to rounding).</summary>
    /// <param name="value">The sample value.</param>
    /// <param name="atTicks">When the sample was taken, UTC ticks.</param>
    /// <param name="halfLifeTicks">The half-life, in ticks (positive).</param>
    public void Add(double value, long atTicks, double halfLifeTicks)
    {
        if (IsEmpty)
        {
            WeightedSum = value;
            Weight = 1;
            AsOfTicks = atTicks;
        }
        else if (atTicks >= AsOfTicks)
        {
            // A newer sample moves the reference time: rescale what we have by 2^(−Δ/h), then add at full weight.
            var factor = HalfLives((AsOfTicks - atTicks) / halfLifeTicks);
            WeightedSum = (WeightedSum * factor) + value;
            Weight = (Weight * factor) + 1;
            AsOfTicks = atTicks;
        }
        else
        {
            // An older (late) sample weighs what it would have had it arrived in order: 2^(−age/h).
            var weight = HalfLives((atTicks - AsOfTicks) / halfLifeTicks);
            WeightedSum += value * weight;
            Weight += weight;
        }
    }

    /// <summary>
    /// The total weight decayed to <paramref name="nowTicks"/>: Weight × 2^(−(now − AsOf) / h). When every value
    /// added was 1 this is a decayed count. A time before <see cref="AsOfTicks"/> is treated as <see cref="AsOfTicks"/>.
    /// </summary>
    /// <param name="nowTicks">The current time, UTC ticks.</param>
    /// <param name="halfLifeTicks">The half-life, in ticks.</param>
    /// <returns>The decayed weight, 0 when empty.</returns>
    public readonly double DecayedWeight(long nowTicks, double halfLifeTicks) =>
        IsEmpty ? 0 : Weight * AgeFactor(nowTicks, halfLifeTicks);

    /// <summary>
    /// The decayed mean shrunk toward a prior: (S·f + prior·k) / (W·f + k) with f = 2^(−(now − AsOf) / h). Fresh
    /// data dominates; as it ages f falls and the mean returns to the prior (Bayesian shrinkage with k pseudo-samples).
    /// </summary>
    /// <param name="nowTicks">The current time, UTC ticks.</param>
    /// <param name="halfLifeTicks">The half-life, in ticks.</param>
    /// <param name="prior">The value to shrink toward.</param>
    /// <param name="priorWeight">How many fresh samples the prior is worth (k ≥ 0).</param>
    /// <returns>The mean; the prior when empty.</returns>
    public readonly double Mean(long nowTicks, double halfLifeTicks, double prior, double priorWeight)
    {
        if (IsEmpty)
        {
            return prior;
        }

        var factor = AgeFactor(nowTicks, halfLifeTicks);
        var denominator = (Weight * factor) + priorWeight;
        return denominator > 0 ? ((WeightedSum * factor) + (prior * priorWeight)) / denominator : prior;
    }

    // 2^x as e^(x·ln 2): Math.Exp is a hardware-tuned intrinsic, faster than the general Pow behind double.Exp2.
    private static double HalfLives(double x) => Math.Exp(x * Ln2);

    private readonly double AgeFactor(long nowTicks, double halfLifeTicks) =>
        nowTicks <= AsOfTicks ? 1 : HalfLives((AsOfTicks - nowTicks) / halfLifeTicks);
}
