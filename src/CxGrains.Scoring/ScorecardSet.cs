namespace CxGrains.Scoring;

/// <summary>
/// The scorecards in force, in order: a customer is scored by the first whose match its attributes satisfy. The last
/// one matches everyone (it has no match), so every customer has exactly one scorecard.
/// </summary>
public sealed class ScorecardSet
{
    /// <summary>Checks and keeps <paramref name="scorecards"/>.</summary>
    /// <param name="scorecards">The scorecards, most specific first, the default last.</param>
    /// <exception cref="ArgumentException">A problem of <see cref="Problems"/>; the message names the setting.</exception>
    public ScorecardSet(IReadOnlyList<Scorecard> scorecards)
    {
        ArgumentNullException.ThrowIfNull(scorecards);
        foreach (var (index, setting, problem) in Problems(scorecards))
        {
            throw new ArgumentException($"Scorecards:{index}:{setting} {problem}", nameof(scorecards));
        }

        Scorecards = [.. scorecards];
    }

    /// <summary>The scorecards, in the order they are tried.</summary>
    public IReadOnlyList<Scorecard> Scorecards { get; }

    /// <summary>The default scorecard: the last, which matches every customer.</summary>
    public Scorecard Default => Scorecards[^1];

    /// <summary>The scorecard of a customer with <paramref name="attributes"/>: the first that matches.</summary>
    /// <param name="attributes">The customer's attributes.</param>
    /// <returns>The scorecard.</returns>
    public Scorecard Select(IReadOnlyDictionary<string, string> attributes)
    {
        foreach (var scorecard in Scorecards)
        {
            if (scorecard.Matches(attributes))
            {
                return scorecard;
            }
        }

        return Default;
    }

    /// <summary>
    /// Every problem of an ordered list of scorecards: each one's own settings, names used twice, a scorecard
    /// without a match before the last (it would hide the rest), and a last one with a match (some customers
    /// would have none).
    /// </summary>
    /// <param name="scorecards">The scorecards, in order.</param>
    /// <returns>The problems: the scorecard's index, the setting, and what is wrong.</returns>
    public static IEnumerable<(int Index, string Setting, string Problem)> Problems(IReadOnlyList<Scorecard> scorecards)
    {
        ArgumentNullException.ThrowIfNull(scorecards);
        if (scorecards.Count == 0)
        {
            yield return (0, nameof(Scorecard.Name), "is required: at least one scorecard, the default, must be given.");
            yield break;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < scorecards.Count; i++)
        {
            var scorecard = scorecards[i];
            foreach (var (setting, problem) in scorecard.Problems())
            {
                yield return (i, setting, problem);
            }

            if (!names.Add(scorecard.Name))
            {
                yield return (i, nameof(Scorecard.Name), $"'{scorecard.Name}' is used by an earlier scorecard; names must be unique.");
            }

            var last = i == scorecards.Count - 1;
            if (last && scorecard.Match.Count > 0)
            {
                yield return (i, nameof(Scorecard.Match), "must be empty: the last scorecard is the default and applies to every customer the others do not match.");
            }
            else if (!last && scorecard.Match.Count == 0)
            {
                yield return (i, nameof(Scorecard.Match), "is required: only the last scorecard (the default) may match every customer.");
            }
        }
    }
}
