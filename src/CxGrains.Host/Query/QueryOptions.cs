using System.ComponentModel.DataAnnotations;
using CxGrains.Scoring;

namespace CxGrains.Host.Query;

/// <summary>Query API settings. Section <c>Cx:Query</c>.</summary>
public sealed class QueryOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Query";

    /// <summary>Fewest NPS responses for a score to be marked reliable (coloured, alertable). Default 30.</summary>
    [Range(1, 100_000)]
    public int MinimumResponses { get; set; } = MetricDefinitions.DefaultMinimumResponses;
}
