namespace CxGrains.Bench;

/// <summary>A DESIGN.md §5 target for one figure.</summary>
/// <param name="Text">The target as written in the table, e.g. "≥ 100,000 events/s".</param>
/// <param name="IsMet">Whether a median meets it.</param>
public sealed record Target(string Text, Func<double, bool> IsMet)
{
    /// <summary>At least <paramref name="value"/>.</summary>
    public static Target AtLeast(double value, string text) => new(text, median => median >= value);

    /// <summary>Below <paramref name="value"/>.</summary>
    public static Target Below(double value, string text) => new(text, median => median < value);

    /// <summary>At most <paramref name="value"/>.</summary>
    public static Target AtMost(double value, string text) => new(text, median => median <= value);
}
