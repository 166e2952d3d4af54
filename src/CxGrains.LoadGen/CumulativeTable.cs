namespace CxGrains.LoadGen;

/// <summary>
/// A small discrete distribution sampled by a linear scan over cumulative weights: for the handful of
/// outcomes used here (≤ 11) that beats a binary search and allocates nothing.
/// </summary>
internal sealed class CumulativeTable
{
    private readonly double[] _cumulative;

    /// <summary>A table over outcomes 0..weights.Length−1 with the given relative weights.</summary>
    public CumulativeTable(params ReadOnlySpan<double> weights)
    {
        if (weights.IsEmpty)
        {
            throw new ArgumentException("At least one weight is needed.", nameof(weights));
        }

        _cumulative = new double[weights.Length];
        var total = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(weights[i], nameof(weights));
            total += weights[i];
            _cumulative[i] = total;
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total, nameof(weights));
        for (var i = 0; i < _cumulative.Length; i++)
        {
            _cumulative[i] /= total;
        }

        _cumulative[^1] = 1.0; // no rounding gap at the top
    }

    /// <summary>Number of outcomes.</summary>
    public int Count => _cumulative.Length;

    /// <summary>The probability of outcome <paramref name="index"/>.</summary>
    public double Probability(int index) => _cumulative[index] - (index == 0 ? 0.0 : _cumulative[index - 1]);

    /// <summary>An outcome index.</summary>
    public int Sample(ref SplitMix64 random)
    {
        var u = random.NextDouble();
        var cumulative = _cumulative;
        for (var i = 0; i < cumulative.Length - 1; i++)
        {
            if (u < cumulative[i])
            {
                return i;
            }
        }

        return cumulative.Length - 1;
    }
}
