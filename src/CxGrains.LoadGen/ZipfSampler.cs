namespace CxGrains.LoadGen;

/// <summary>
/// Samples ranks 1..N with P(k) ∝ 1 / k^s (Zipf) by rejection-inversion (Hörmann and Derflinger,
/// "Rejection-inversion to generate variates from monotone discrete distributions", 1996), the method
/// Apache Commons RNG uses. O(1) memory and a handful of floating-point operations per sample (the
/// expected number of rejections is well below 1), so it stays cheap with a million customers where a
/// precomputed CDF would cost 8 MB and a binary search per event.
/// </summary>
public sealed class ZipfSampler
{
    private readonly int _count;
    private readonly double _exponent;
    private readonly double _hIntegralX1;
    private readonly double _hIntegralCount;
    private readonly double _s;

    /// <summary>A sampler over ranks 1..<paramref name="count"/> with exponent <paramref name="exponent"/> (0 is uniform).</summary>
    public ZipfSampler(int count, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!(exponent >= 0) || double.IsInfinity(exponent))
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "The Zipf exponent must be a finite number ≥ 0.");
        }

        _count = count;
        _exponent = exponent;
        _hIntegralX1 = HIntegral(1.5) - 1.0;
        _hIntegralCount = HIntegral(count + 0.5);
        _s = 2.0 - HIntegralInverse(HIntegral(2.5) - H(2.0));
    }

    /// <summary>Number of ranks.</summary>
    public int Count => _count;

    /// <summary>The exponent s.</summary>
    public double Exponent => _exponent;

    /// <summary>A rank in 1..<see cref="Count"/>; rank 1 is the most likely.</summary>
    public int Sample(ref SplitMix64 random)
    {
        while (true)
        {
            var u = _hIntegralCount + random.NextDouble() * (_hIntegralX1 - _hIntegralCount);
            var x = HIntegralInverse(u);
            var k = (int)(x + 0.5);
            if (k < 1)
            {
                k = 1;
            }
            else if (k > _count)
            {
                k = _count;
            }

            // The cheap squeeze accepts most samples; the exact test handles the rest.
            if (k - x <= _s || u >= HIntegral(k + 0.5) - H(k))
            {
                return k;
            }
        }
    }

    // H(x) = ∫ h, with h(x) = x^-s; written through helpers that stay exact as s → 1.
    private double HIntegral(double x)
    {
        var logX = Math.Log(x);
        return Helper2((1.0 - _exponent) * logX) * logX;
    }

    private double H(double x) => Math.Exp(-_exponent * Math.Log(x));

    private double HIntegralInverse(double x)
    {
        var t = x * (1.0 - _exponent);
        if (t < -1.0)
        {
            t = -1.0; // rounding can push t just past −1, where log1p is undefined
        }

        return Math.Exp(Helper1(t) * x);
    }

    // log1p(x) / x, continuous at 0.
    private static double Helper1(double x) =>
        Math.Abs(x) > 1e-8 ? Log1P(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));

    // expm1(x) / x, continuous at 0.
    private static double Helper2(double x) =>
        Math.Abs(x) > 1e-8 ? ExpM1(x) / x : 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));

    // Accurate log(1 + x) and exp(x) − 1 for small x (Kahan's tricks); the BCL versions are not.
    private static double Log1P(double x)
    {
        var u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    private static double ExpM1(double x)
    {
        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        var um1 = u - 1.0;
        return um1 == -1.0 ? -1.0 : um1 * x / Math.Log(u);
    }
}
