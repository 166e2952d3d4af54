namespace CxGrains.Bench;

/// <summary>Collects each figure's per-run values and summarises them.</summary>
public sealed class FigureSet
{
    private readonly Dictionary<string, List<double>> _values = [];
    private readonly Dictionary<string, string> _notes = [];

    /// <summary>Records one run's value of <paramref name="figure"/>; NaN and infinities are skipped.</summary>
    public void Add(FigureDefinition figure, double value)
    {
        ArgumentNullException.ThrowIfNull(figure);
        if (!double.IsFinite(value))
        {
            return;
        }

        if (!_values.TryGetValue(figure.Key, out var list))
        {
            _values[figure.Key] = list = [];
        }

        list.Add(value);
    }

    /// <summary>Attaches a note to <paramref name="figure"/> (e.g. why it was not measured).</summary>
    public void Note(FigureDefinition figure, string note)
    {
        ArgumentNullException.ThrowIfNull(figure);
        _notes[figure.Key] = _notes.TryGetValue(figure.Key, out var existing) && existing != note ? $"{existing}; {note}" : note;
    }

    /// <summary>The values recorded for <paramref name="figure"/>.</summary>
    public IReadOnlyList<double> Values(FigureDefinition figure) =>
        _values.TryGetValue(figure.Key, out var list) ? list : [];

    /// <summary>Every figure in table order: median, min–max, ratio to the bare sink's median, target.</summary>
    public IReadOnlyList<FigureSummary> Summarise() => Summarise(Figures.All);

    /// <summary><paramref name="figures"/> in their order: median, min–max, ratio to the bare sink's median, target.</summary>
    public IReadOnlyList<FigureSummary> Summarise(IEnumerable<FigureDefinition> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var bare = Median(Values(Figures.BareThroughput));
        var summaries = new List<FigureSummary>();
        foreach (var figure in figures)
        {
            var runs = Values(figure);
            var median = Median(runs);
            _notes.TryGetValue(figure.Key, out var note);
            if (median is null && note is null)
            {
                // Phase not run: leave the figure out rather than list it empty.
                continue;
            }

            summaries.Add(new FigureSummary
            {
                Key = figure.Key,
                Label = figure.Label,
                Unit = figure.Unit,
                Runs = runs,
                Median = median,
                Min = runs.Count > 0 ? runs.Min() : null,
                Max = runs.Count > 0 ? runs.Max() : null,
                RatioToBareSink = figure.IsThroughput && median is { } m && bare is > 0 ? m / bare.Value : null,
                Target = figure.Target?.Text,
                Met = figure.Target is { } target && median is { } value ? target.IsMet(value) : null,
                Note = note,
            });
        }

        return summaries;
    }

    /// <summary>The median (mean of the middle two for an even count), or null for no values.</summary>
    public static double? Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
