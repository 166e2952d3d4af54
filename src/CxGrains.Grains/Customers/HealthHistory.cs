using System.Collections.Concurrent;
using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Customers;

/// <summary>
/// A customer's health, one point per UTC day for the last <see cref="Days"/> days: each evaluation
/// overwrites its day's point, so a day keeps its last value. Packed for a million customers: one
/// <see cref="uint"/> a day in an exactly sized array (at most 90, ~0.4 KiB with the object), the day
/// of each slot implied by its position, and the metric versions in a small table the points index.
/// </summary>
/// <remarks>
/// A point packs the score in hundredths (bits 0–13, 0–10000), the band (bits 14–15; 0 = no point
/// that day), whether an override applied (bit 16) and the index of its metric version in
/// <see cref="Versions"/> (bits 17–24). Small values keep the stored varints short.
/// </remarks>
[GenerateSerializer, Alias("cx.HealthHistory.v1")]
public sealed class HealthHistory
{
    /// <summary>Days of history kept, today included.</summary>
    public const int Days = 90;

    private const int BandShift = 14;
    private const uint ScoreMask = (1u << BandShift) - 1;
    private const uint OverriddenBit = 1u << 16;
    private const int VersionShift = 17;
    private const int MaxVersions = 256;

    // Metric versions come from configuration, so there are few; the bound only guards against a misuse.
    private const int MaxSharedTables = 64;

    private static readonly ConcurrentDictionary<string, string[]> SharedTables = new(StringComparer.Ordinal);

    [NonSerialized] private string[] _versions = [];

    /// <summary>Packed points, oldest first; the last is <see cref="LastDay"/>'s, the one before the day before, and so on.</summary>
    [Id(0)] public uint[] Points { get; set; } = [];

    /// <summary>The day of the last slot of <see cref="Points"/> (<see cref="DateOnly.DayNumber"/>).</summary>
    [Id(1)] public int LastDay { get; set; }

    /// <summary>The metric versions the points name.</summary>
    [Id(2)]
    public string[] Versions
    {
        get => _versions;
        set
        {
            // Loaded strings are copies: share the silo's one (interned) copy of each known version instead.
            for (var i = 0; i < value.Length; i++)
            {
                value[i] = string.IsInterned(value[i]) ?? value[i];
            }

            // Nearly every customer names one version: they share its table (tables are replaced, never written to).
            _versions = value.Length == 1 && SharedTables.Count < MaxSharedTables ? SharedTables.GetOrAdd(value[0], value) : value;
        }
    }

    /// <summary>The UTC day of a time (<see cref="DateOnly.DayNumber"/>).</summary>
    public static int DayOf(long utcTicks) => (int)(utcTicks / TimeSpan.TicksPerDay);

    /// <summary>Records an evaluation at <paramref name="atTicks"/> as its day's point. Allocates only on a new day while the history grows, or on a new version.</summary>
    public void Record(long atTicks, double score, HealthBand band, bool overridden, string metricVersion) =>
        Set(DayOf(atTicks), Pack(score, band, overridden, VersionIndex(metricVersion)));

    /// <summary>The score of <paramref name="day"/>'s point, if there is one.</summary>
    public bool TryGetScore(int day, out double score)
    {
        var index = IndexOf(day);
        if (index >= 0 && BandOf(Points[index]) != 0)
        {
            score = ScoreOf(Points[index]);
            return true;
        }

        score = 0;
        return false;
    }

    /// <summary>
    /// <paramref name="scoreNow"/> minus the point of <paramref name="daysAgo"/> days before the day of
    /// <paramref name="nowTicks"/>: positive when the customer got healthier since; null without a point that day.
    /// </summary>
    public double? TrendAgainst(long nowTicks, int daysAgo, double scoreNow) =>
        TryGetScore(DayOf(nowTicks) - daysAgo, out var then) ? scoreNow - then : null;

    /// <summary>The points, oldest first; days without an evaluation are left out.</summary>
    public List<HealthHistoryPoint> ToPoints()
    {
        var points = new List<HealthHistoryPoint>(Points.Length);
        var firstDay = LastDay - Points.Length + 1;
        for (var i = 0; i < Points.Length; i++)
        {
            var p = Points[i];
            if (BandOf(p) != 0)
            {
                points.Add(new HealthHistoryPoint
                {
                    Day = DateOnly.FromDayNumber(firstDay + i),
                    HealthScore = ScoreOf(p),
                    Band = (HealthBand)BandOf(p),
                    Overridden = (p & OverriddenBit) != 0,
                    MetricVersion = Versions[(int)(p >> VersionShift)],
                });
            }
        }

        return points;
    }

    /// <summary>Adds the points of <paramref name="other"/> for days this history has none of (merging two activations' states).</summary>
    public void FillFrom(HealthHistory? other)
    {
        if (other is null)
        {
            return;
        }

        var firstDay = other.LastDay - other.Points.Length + 1;
        for (var i = 0; i < other.Points.Length; i++)
        {
            var p = other.Points[i];
            var day = firstDay + i;
            if (BandOf(p) != 0 && !TryGetScore(day, out _))
            {
                var version = VersionIndex(other.Versions[(int)(p >> VersionShift)]);
                Set(day, (p & ((1u << VersionShift) - 1)) | ((uint)version << VersionShift));
            }
        }
    }

    private static uint Pack(double score, HealthBand band, bool overridden, int version)
    {
        var hundredths = (uint)Math.Round(Math.Clamp(double.IsNaN(score) ? 0 : score, 0, 100) * 100);
        return hundredths | ((uint)band << BandShift) | (overridden ? OverriddenBit : 0) | ((uint)version << VersionShift);
    }

    private static double ScoreOf(uint point) => (point & ScoreMask) / 100.0;

    private static uint BandOf(uint point) => (point >> BandShift) & 3;

    private int IndexOf(int day)
    {
        var index = Points.Length - 1 - (LastDay - day);
        return day <= LastDay && index >= 0 ? index : -1;
    }

    private void Set(int day, uint point)
    {
        var points = Points;
        if (points.Length == 0)
        {
            Points = [point];
            LastDay = day;
            return;
        }

        if (day > LastDay)
        {
            // A new day: slide the window, growing the array until it holds Days points.
            var gap = day - LastDay;
            var length = Math.Min(Days, points.Length + gap);
            var kept = Math.Max(0, length - gap);
            var target = length == points.Length ? points : new uint[length];
            Array.Copy(points, points.Length - kept, target, 0, kept);
            Array.Clear(target, kept, length - kept);
            target[^1] = point;
            Points = target;
            LastDay = day;
            return;
        }

        var index = IndexOf(day);
        if (index >= 0)
        {
            points[index] = point;
        }
        else if (LastDay - day < Days)
        {
            // An earlier day within the window than any kept (merging): grow at the front.
            var grown = new uint[LastDay - day + 1];
            Array.Copy(points, 0, grown, grown.Length - points.Length, points.Length);
            grown[0] = point;
            Points = grown;
        }
    }

    private int VersionIndex(string version)
    {
        var versions = Versions;
        for (var i = 0; i < versions.Length; i++)
        {
            if (ReferenceEquals(versions[i], version) || versions[i] == version)
            {
                return i;
            }
        }

        if (versions.Length >= MaxVersions - 1)
        {
            DropUnusedVersions();
            versions = Versions;
        }

        // Rare: a new metric version. At most Days versions are in use, so the table stays small.
        Versions = [.. versions, string.IsInterned(version) ?? version];
        return versions.Length;
    }

    private void DropUnusedVersions()
    {
        var used = new bool[Versions.Length];
        foreach (var p in Points)
        {
            if (BandOf(p) != 0)
            {
                used[p >> VersionShift] = true;
            }
        }

        var remap = new int[Versions.Length];
        var kept = new List<string>();
        for (var i = 0; i < Versions.Length; i++)
        {
            remap[i] = kept.Count;
            if (used[i])
            {
                kept.Add(Versions[i]);
            }
        }

        for (var i = 0; i < Points.Length; i++)
        {
            var p = Points[i];
            Points[i] = BandOf(p) == 0 ? 0 : (p & ((1u << VersionShift) - 1)) | ((uint)remap[p >> VersionShift] << VersionShift);
        }

        Versions = [.. kept];
    }
}
