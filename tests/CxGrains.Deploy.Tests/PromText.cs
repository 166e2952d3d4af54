using System.Text.RegularExpressions;

namespace CxGrains.Deploy.Tests;

/// <summary>Reads the Prometheus text exposition format and the metric names a PromQL expression uses.</summary>
public static partial class PromText
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2",
    };

    /// <summary>Every sample name (with its <c>_bucket</c>/<c>_sum</c>/<c>_count</c>/<c>_total</c> suffix) and every family name of a scrape.</summary>
    public static HashSet<string> Names(string exposition)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in exposition.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                names.Add(line.Split(' ')[2]);
            }
            else if (line[0] != '#')
            {
                names.Add(SampleName().Match(line).Value);
            }
        }

        return names;
    }

    /// <summary>Lines of one family's samples, e.g. to read a label's values.</summary>
    public static IEnumerable<string> Samples(string exposition, string sampleName) =>
        exposition.Split('\n').Where(l => l.StartsWith(sampleName + "{", StringComparison.Ordinal) || l.StartsWith(sampleName + " ", StringComparison.Ordinal));

    /// <summary>
    /// The metric names a PromQL expression selects: identifiers that are neither functions,
    /// keywords, label names (in braces or grouping clauses) nor inside strings and ranges.
    /// </summary>
    public static IReadOnlySet<string> MetricNamesIn(string promQl)
    {
        var s = StringLiteral().Replace(promQl, " ");
        s = LabelMatchers().Replace(s, " ");
        s = RangeOrSubquery().Replace(s, " ");
        s = GroupingClause().Replace(s, " ");
        s = TemplateVariable().Replace(s, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Identifier().Matches(s))
        {
            var name = m.Groups["name"].Value;
            if (!m.Groups["call"].Success && !Keywords.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SampleName();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeOrSubquery();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex GroupingClause();

    [GeneratedRegex(@"\$\{?\w+\}?")]
    private static partial Regex TemplateVariable();

    [GeneratedRegex(@"(?<![\w.$])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?<call>\()?")]
    private static partial Regex Identifier();
}
