using CxGrains.Scoring;

namespace CxGrains.Grains.Alerts;

/// <summary>Reads a rule's metric and the sample it stands on from computed metric values.</summary>
public static class AlertMetrics
{
    /// <summary>The value of <paramref name="metric"/> and its sample size n (what the minimum-responses setting counts).</summary>
    public static (double Value, long Samples) Read(AlertMetric metric, in MetricValues v)
    {
        var answered = v.Contacts - v.Abandoned;
        return metric switch
        {
            AlertMetric.Nps => (v.NpsScore, v.NpsResponses),
            AlertMetric.CsatTop2Percent => (v.CsatTop2Percent, v.CsatResponses),
            AlertMetric.CsatMean => (v.CsatMean, v.CsatResponses),
            AlertMetric.CesMean => (v.CesMean, v.CesResponses),
            AlertMetric.CesEasyPercent => (v.CesEasyPercent, v.CesResponses),
            AlertMetric.FcrPercent => (v.FcrPercent, answered),
            AlertMetric.AbandonPercent => (v.AbandonPercent, v.Contacts),
            AlertMetric.ServiceLevelPercent => (v.ServiceLevelPercent, v.Contacts),
            AlertMetric.MeanWaitSeconds => (v.MeanWaitSeconds, v.Contacts),
            AlertMetric.AsaSeconds => (v.AsaSeconds, answered),
            AlertMetric.MeanHandleSeconds => (v.MeanHandleSeconds, answered),
            AlertMetric.NegativePercent => (v.NegativePercent, v.Events),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown alert metric."),
        };
    }

    /// <summary>The configuration spelling of a metric, e.g. <c>abandonPercent</c>.</summary>
    public static string NameOf(AlertMetric metric)
    {
        var name = metric.ToString();
        return string.Concat(name[..1].ToLowerInvariant(), name.AsSpan(1));
    }
}
