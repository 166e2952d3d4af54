using CxGrains.Scoring;

namespace CxGrains.Abstractions.Serialization;

/// <summary>Wire form of <see cref="ComponentScore"/>.</summary>
[GenerateSerializer, Alias("cx.ComponentScore")]
internal struct ComponentScoreSurrogate
{
    [Id(0)] public HealthComponentKind Kind;
    [Id(1)] public string Name;
    [Id(2)] public double Score;
    [Id(3)] public double Weight;
    [Id(4)] public bool Missing;
}

/// <summary>Converts <see cref="ComponentScore"/> to and from its surrogate.</summary>
[RegisterConverter]
internal sealed class ComponentScoreConverter : IConverter<ComponentScore, ComponentScoreSurrogate>
{
    /// <inheritdoc />
    public ComponentScore ConvertFromSurrogate(in ComponentScoreSurrogate s) => new(s.Kind, s.Name, s.Score, s.Weight) { Missing = s.Missing };

    /// <inheritdoc />
    public ComponentScoreSurrogate ConvertToSurrogate(in ComponentScore v) =>
        new() { Kind = v.Kind, Name = v.Name, Score = v.Score, Weight = v.Weight, Missing = v.Missing };
}
