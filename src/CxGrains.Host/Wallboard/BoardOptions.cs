namespace CxGrains.Host.Wallboard;

/// <summary>A saved wallboard: what it watches, over which window, with which thresholds.</summary>
public sealed class BoardOptions
{
    /// <summary>Segment keys shown, e.g. <c>all</c>, <c>region=EU</c>.</summary>
    public List<string> Segments { get; set; } = [];

    /// <summary>Touchpoint (queue) ids shown.</summary>
    public List<string> Touchpoints { get; set; } = [];

    /// <summary>The window: ONE_MINUTE, FIFTEEN_MINUTES, ONE_HOUR or ONE_DAY.</summary>
    public string Window { get; set; } = "FIFTEEN_MINUTES";

    /// <summary>Thresholds of this board, by figure; figures not listed use the defaults.</summary>
    public Dictionary<string, FigureThreshold> Thresholds { get; set; } = new(StringComparer.Ordinal);
}
