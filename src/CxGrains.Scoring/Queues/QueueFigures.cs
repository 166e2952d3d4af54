namespace CxGrains.Scoring.Queues;

/// <summary>
/// The figures a wallboard shows for a queue, from its counts (docs/scoring.md "Queues"). A figure whose
/// denominator is zero is 0; the counts beside it tell "no data" from a real zero.
/// </summary>
/// <param name="ServiceLevelPercent">Answered within target ÷ (answered + abandoned), 0–100.</param>
/// <param name="ServiceLevelExcludingShortAbandonsPercent">Answered within target ÷ (answered + abandoned − short abandons), 0–100.</param>
/// <param name="AbandonPercent">Abandoned ÷ (answered + abandoned), 0–100.</param>
/// <param name="AverageSpeedOfAnswerSeconds">Mean wait of answered contacts (ASA), seconds.</param>
/// <param name="AverageHandleSeconds">Mean handle time of contacts whose end arrived (AHT), seconds.</param>
public readonly record struct QueueFigures(
    double ServiceLevelPercent,
    double ServiceLevelExcludingShortAbandonsPercent,
    double AbandonPercent,
    double AverageSpeedOfAnswerSeconds,
    double AverageHandleSeconds)
{
    /// <summary>Computes the figures of a set of counts.</summary>
    /// <param name="counts">The counts of a window or of today.</param>
    /// <returns>The figures.</returns>
    public static QueueFigures Of(in QueueCounts counts) => new(
        Percent(counts.AnsweredWithinTarget, counts.Outcomes),
        Percent(counts.AnsweredWithinTarget, counts.Outcomes - counts.ShortAbandoned),
        Percent(counts.Abandoned, counts.Outcomes),
        counts.Answered > 0 ? counts.AnsweredWaitSum / counts.Answered : 0,
        counts.Handled > 0 ? counts.HandleSum / counts.Handled : 0);

    private static double Percent(long part, long whole) => whole > 0 ? 100.0 * part / whole : 0;
}
