using System.Runtime.CompilerServices;

namespace CxGrains.LoadGen;

/// <summary>
/// A tiny deterministic pseudo-random generator (SplitMix64, Steele et al. 2014). A value type so that
/// each event gets its own generator, seeded from (seed, sequence), without allocating: the n-th event
/// of a run is then the same whichever stream and thread generates it.
/// </summary>
public struct SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;
    private ulong _state;

    /// <summary>Starts a generator at <paramref name="state"/>.</summary>
    public SplitMix64(ulong state) => _state = state;

    /// <summary>A generator for item <paramref name="index"/> of the stream <paramref name="seed"/>.</summary>
    /// <remarks>Both parts are hashed: seeding with <c>seed + index</c> alone would make item n+1's
    /// numbers item n's numbers shifted by one.</remarks>
    public static SplitMix64 For(ulong seed, ulong index) => new(Mix(Mix(seed) ^ (index * 0xD1B54A32D192ED03UL)));

    /// <summary>The SplitMix64 finaliser: a fast, well-spread 64-bit hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        _state += Gamma;
        return Mix(_state);
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="bound"/>); <paramref name="bound"/> must be positive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int bound) => (int)((NextUInt64() >> 32) * (ulong)bound >> 32);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>A standard normal deviate (Box–Muller; one of the pair is dropped to stay stateless).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble(); // (0, 1]: keeps the logarithm finite
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A log-normal deviate with the given median and log-space standard deviation.</summary>
    public double NextLogNormal(double median, double sigma) => median * Math.Exp(sigma * NextGaussian());
}
