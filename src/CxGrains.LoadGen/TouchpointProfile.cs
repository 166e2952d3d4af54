using CxGrains.Contracts.V1;

namespace CxGrains.LoadGen;

/// <summary>A synthetic touchpoint: a queue, a page, a store… with its channel and journey stage.</summary>
/// <param name="Index">Position in <see cref="SyntheticChannels.Touchpoints"/>.</param>
/// <param name="Id">The touchpoint id sent in events, e.g. <c>tp-phone-001</c>.</param>
/// <param name="Channel">The channel all its events use.</param>
/// <param name="Stage">The journey stage its events use (purchases always use PURCHASE).</param>
/// <param name="MedianWaitSeconds">Median queue wait of its contacts, 30–120 s.</param>
/// <param name="Weight">Relative traffic: some queues and pages are much busier than others.</param>
public sealed record TouchpointProfile(
    int Index,
    string Id,
    Channel Channel,
    JourneyStage Stage,
    double MedianWaitSeconds,
    double Weight);
