namespace CxGrains.LoadGen;

/// <summary>Picks a touchpoint from a subset, proportionally to traffic weight (binary search over the CDF).</summary>
internal sealed class TouchpointPicker
{
    private readonly TouchpointProfile[] _members;
    private readonly double[] _cumulative;

    public TouchpointPicker(IReadOnlyList<TouchpointProfile> all, Func<TouchpointProfile, bool> filter)
    {
        _members = [.. all.Where(filter)];
        _cumulative = new double[_members.Length];
        var total = 0.0;
        for (var i = 0; i < _members.Length; i++)
        {
            total += _members[i].Weight;
            _cumulative[i] = total;
        }
    }

    public bool IsEmpty => _members.Length == 0;

    /// <summary>The subset, or <paramref name="fallback"/> when no touchpoint matches (tiny worlds).</summary>
    public static TouchpointPicker OrAll(
        IReadOnlyList<TouchpointProfile> all,
        Func<TouchpointProfile, bool> filter,
        TouchpointPicker fallback)
    {
        var picker = new TouchpointPicker(all, filter);
        return picker.IsEmpty ? fallback : picker;
    }

    public TouchpointProfile Sample(ref SplitMix64 random)
    {
        var target = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);

        // An exact hit is the upper edge of that member's interval, so it belongs to the next one.
        index = index < 0 ? ~index : index + 1;

        return _members[Math.Min(index, _members.Length - 1)];
    }
}
