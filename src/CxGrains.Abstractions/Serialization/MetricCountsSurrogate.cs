using CxGrains.Scoring;

namespace CxGrains.Abstractions.Serialization;

// The scoring core has no Orleans dependency, so its value types travel and persist through
// surrogates declared here. Field ids are part of the storage format: append, never renumber.

/// <summary>Wire and storage form of <see cref="MetricCounts"/>.</summary>
[GenerateSerializer, Alias("cx.MetricCounts")]
internal struct MetricCountsSurrogate
{
    [Id(0)] public long Events;
    [Id(1)] public long Negative;
    [Id(2)] public long NpsPromoters;
    [Id(3)] public long NpsPassives;
    [Id(4)] public long NpsDetractors;
    [Id(5)] public long CsatResponses;
    [Id(6)] public long CsatTop2;
    [Id(7)] public long CsatSum;
    [Id(8)] public long CsatSumOfSquares;
    [Id(9)] public long CesResponses;
    [Id(10)] public long CesEasy;
    [Id(11)] public long CesSum;
    [Id(12)] public long CesSumOfSquares;
    [Id(13)] public long Contacts;
    [Id(14)] public long Abandoned;
    [Id(15)] public long FirstContactResolutions;
    [Id(16)] public long AnsweredWithinTarget;
    [Id(17)] public double WaitSum;
    [Id(18)] public double WaitSumOfSquares;
    [Id(19)] public double AnsweredWaitSum;
    [Id(20)] public double HandleSum;
}

/// <summary>Converts <see cref="MetricCounts"/> to and from its surrogate.</summary>
[RegisterConverter]
internal sealed class MetricCountsConverter : IConverter<MetricCounts, MetricCountsSurrogate>
{
    /// <inheritdoc />
    public MetricCounts ConvertFromSurrogate(in MetricCountsSurrogate s) => new()
    {
        Events = s.Events,
        Negative = s.Negative,
        NpsPromoters = s.NpsPromoters,
        NpsPassives = s.NpsPassives,
        NpsDetractors = s.NpsDetractors,
        CsatResponses = s.CsatResponses,
        CsatTop2 = s.CsatTop2,
        CsatSum = s.CsatSum,
        CsatSumOfSquares = s.CsatSumOfSquares,
        CesResponses = s.CesResponses,
        CesEasy = s.CesEasy,
        CesSum = s.CesSum,
        CesSumOfSquares = s.CesSumOfSquares,
        Contacts = s.Contacts,
        Abandoned = s.Abandoned,
        FirstContactResolutions = s.FirstContactResolutions,
        AnsweredWithinTarget = s.AnsweredWithinTarget,
        WaitSum = s.WaitSum,
        WaitSumOfSquares = s.WaitSumOfSquares,
        AnsweredWaitSum = s.AnsweredWaitSum,
        HandleSum = s.HandleSum,
    };

    /// <inheritdoc />
    public MetricCountsSurrogate ConvertToSurrogate(in MetricCounts c) => new()
    {
        Events = c.Events,
        Negative = c.Negative,
        NpsPromoters = c.NpsPromoters,
        NpsPassives = c.NpsPassives,
        NpsDetractors = c.NpsDetractors,
        CsatResponses = c.CsatResponses,
        CsatTop2 = c.CsatTop2,
        CsatSum = c.CsatSum,
        CsatSumOfSquares = c.CsatSumOfSquares,
        CesResponses = c.CesResponses,
        CesEasy = c.CesEasy,
        CesSum = c.CesSum,
        CesSumOfSquares = c.CesSumOfSquares,
        Contacts = c.Contacts,
        Abandoned = c.Abandoned,
        FirstContactResolutions = c.FirstContactResolutions,
        AnsweredWithinTarget = c.AnsweredWithinTarget,
        WaitSum = c.WaitSum,
        WaitSumOfSquares = c.WaitSumOfSquares,
        AnsweredWaitSum = c.AnsweredWaitSum,
        HandleSum = c.HandleSum,
    };
}
