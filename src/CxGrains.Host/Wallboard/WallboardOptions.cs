namespace CxGrains.Host.Wallboard;

/// <summary>Saved wallboards and the thresholds that colour queue figures (docs/wallboard.md). Section <c>Cx:Wallboard</c>.</summary>
public sealed class WallboardOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Wallboard";

    /// <summary>The figures a threshold may name: the queue fields a tile shows.</summary>
    public static readonly IReadOnlyList<string> Figures =
        ["waiting", "oldestWaitSeconds", "serviceLevelPercent", "abandonPercent", "asaSeconds", "ahtSeconds"];

    /// <summary>Saved boards by name; a board opens with <c>?board=name</c> and TV mode rotates through them.</summary>
    public Dictionary<string, BoardOptions> Boards { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Thresholds of every board, by figure (a board or the URL may override each).</summary>
    public Dictionary<string, FigureThreshold> Thresholds { get; set; } = new(StringComparer.Ordinal)
    {
        ["waiting"] = new() { Warning = 5, Critical = 10 },
        ["oldestWaitSeconds"] = new() { Warning = 60, Critical = 120 },
        ["serviceLevelPercent"] = new() { Warning = 80, Critical = 70 },
        ["abandonPercent"] = new() { Warning = 5, Critical = 10 },
        ["asaSeconds"] = new() { Warning = 30, Critical = 60 },
        ["ahtSeconds"] = new() { Warning = 600, Critical = 900 },
    };

    /// <summary>The first problem of these options, naming the setting; null when they are sound.</summary>
    public string? Problem()
    {
        if (ThresholdProblem(Thresholds, $"{Section}:Thresholds") is { } problem)
        {
            return problem;
        }

        foreach (var (name, board) in Boards)
        {
            var path = $"{Section}:Boards:{name}";
            if (board.Window is not ("ONE_MINUTE" or "FIFTEEN_MINUTES" or "ONE_HOUR" or "ONE_DAY"))
            {
                return $"{path}:Window must be ONE_MINUTE, FIFTEEN_MINUTES, ONE_HOUR or ONE_DAY (got '{board.Window}').";
            }

            if (board.Segments.Count + board.Touchpoints.Count == 0)
            {
                return $"{path} must list at least one of Segments or Touchpoints.";
            }

            if (ThresholdProblem(board.Thresholds, $"{path}:Thresholds") is { } boardProblem)
            {
                return boardProblem;
            }
        }

        return null;
    }

    private static string? ThresholdProblem(Dictionary<string, FigureThreshold> thresholds, string path)
    {
        foreach (var (figure, threshold) in thresholds)
        {
            if (!Figures.Contains(figure))
            {
                return $"{path}:{figure} is not a wallboard figure; use one of {string.Join(", ", Figures)}.";
            }

            if (!double.IsFinite(threshold.Warning) || !double.IsFinite(threshold.Critical) || threshold.Warning == threshold.Critical)
            {
                return $"{path}:{figure} needs finite Warning and Critical levels that differ (got {threshold.Warning} and {threshold.Critical}).";
            }
        }

        return null;
    }
}
