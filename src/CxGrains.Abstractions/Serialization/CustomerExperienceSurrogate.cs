using CxGrains.Scoring;

namespace CxGrains.Abstractions.Serialization;

/// <summary>Storage form of <see cref="CustomerExperience"/>.</summary>
[GenerateSerializer, Alias("cx.CustomerExperience")]
internal struct CustomerExperienceSurrogate
{
    [Id(0)] public DecayingAverage Loyalty;
    [Id(1)] public DecayingAverage Satisfaction;
    [Id(2)] public DecayingAverage Effort;
    [Id(3)] public DecayingAverage Service;
    [Id(4)] public DecayingAverage Negatives;
}

/// <summary>Converts <see cref="CustomerExperience"/> to and from its surrogate.</summary>
[RegisterConverter]
internal sealed class CustomerExperienceConverter : IConverter<CustomerExperience, CustomerExperienceSurrogate>
{
    /// <inheritdoc />
    public CustomerExperience ConvertFromSurrogate(in CustomerExperienceSurrogate s) => new()
    {
        Loyalty = s.Loyalty,
        Satisfaction = s.Satisfaction,
        Effort = s.Effort,
        Service = s.Service,
        Negatives = s.Negatives,
    };

    /// <inheritdoc />
    public CustomerExperienceSurrogate ConvertToSurrogate(in CustomerExperience v) => new()
    {
        Loyalty = v.Loyalty,
        Satisfaction = v.Satisfaction,
        Effort = v.Effort,
        Service = v.Service,
        Negatives = v.Negatives,
    };
}
