using CxGrains.Scoring;

namespace CxGrains.Abstractions.Serialization;

/// <summary>Wire and storage form of <see cref="DecayingAverage"/>.</summary>
[GenerateSerializer, Alias("cx.DecayingAverage")]
internal struct DecayingAverageSurrogate
{
    [Id(0)] public double WeightedSum;
    [Id(1)] public double Weight;
    [Id(2)] public long AsOfTicks;
}

/// <summary>Converts <see cref="DecayingAverage"/> to and from its surrogate.</summary>
[RegisterConverter]
internal sealed class DecayingAverageConverter : IConverter<DecayingAverage, DecayingAverageSurrogate>
{
    /// <inheritdoc />
    public DecayingAverage ConvertFromSurrogate(in DecayingAverageSurrogate s) =>
        new() { WeightedSum = s.WeightedSum, Weight = s.Weight, AsOfTicks = s.AsOfTicks };

    /// <inheritdoc />
    public DecayingAverageSurrogate ConvertToSurrogate(in DecayingAverage v) =>
        new() { WeightedSum = v.WeightedSum, Weight = v.Weight, AsOfTicks = v.AsOfTicks };
}
