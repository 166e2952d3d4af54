using CxGrains.Scoring;

namespace CxGrains.Grains.Alerts;

/// <summary>The configuration spelling of rolling windows: <c>1m</c>, <c>15m</c>, <c>1h</c>, <c>24h</c>.</summary>
public static class AlertWindows
{
    /// <summary>The accepted spellings, for error messages.</summary>
    public const string Accepted = "1m, 15m, 1h or 24h (or OneMinute, FifteenMinutes, OneHour, OneDay)";

    /// <summary>Parses a window; the <see cref="WindowKind"/> names are accepted too.</summary>
    public static bool TryParse(string? text, out WindowKind window)
    {
        window = text?.Trim().ToLowerInvariant() switch
        {
            "1m" or "oneminute" => WindowKind.OneMinute,
            "15m" or "fifteenminutes" => WindowKind.FifteenMinutes,
            "1h" or "onehour" => WindowKind.OneHour,
            "24h" or "1d" or "oneday" => WindowKind.OneDay,
            _ => 0,
        };
        return window != 0;
    }

    /// <summary>A duration as alert messages spell it: <c>30m</c>, <c>2h</c>, <c>45s</c>, <c>1h30m</c>.</summary>
    public static string Format(TimeSpan span)
    {
        var text = (span.Days * 24) + span.Hours is var hours and > 0 ? $"{hours}h" : "";
        text += span.Minutes > 0 ? $"{span.Minutes}m" : "";
        text += span.Seconds > 0 || text.Length == 0 ? $"{span.Seconds}s" : "";
        return text;
    }

    /// <summary>The short spelling of a window, e.g. <c>15m</c>.</summary>
    public static string NameOf(WindowKind window) => window switch
    {
        WindowKind.OneMinute => "1m",
        WindowKind.FifteenMinutes => "15m",
        WindowKind.OneHour => "1h",
        WindowKind.OneDay => "24h",
        _ => window.ToString(),
    };
}
