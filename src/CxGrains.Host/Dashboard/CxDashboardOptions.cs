using System.ComponentModel.DataAnnotations;

namespace CxGrains.Host.Dashboard;

/// <summary>The Orleans Dashboard for operators. Section <c>Cx:Dashboard</c>; off by default.</summary>
public sealed class CxDashboardOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Dashboard";

    // Paths the host serves already: the dashboard may not shadow them.
    private static readonly string[] TakenPaths = ["/v1", "/hubs", "/metrics", "/healthz", "/readyz", "/lib"];

    /// <summary>
    /// Serve the dashboard (admin keys only). It adds a grain call filter to every grain call of the
    /// silo, so it stays off unless an operator needs it. Default false.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>Where the dashboard is served. Default <c>/dashboard</c>.</summary>
    [RegularExpression("^(/[A-Za-z0-9._~-]+)+$",
        ErrorMessage = "Cx:Dashboard:Path must be a path such as /dashboard: '/'-separated segments of letters, digits, '.', '_', '~' or '-', without a trailing '/'.")]
    public string Path { get; set; } = "/dashboard";

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var taken = TakenPaths.FirstOrDefault(p =>
            new PathString(Path).StartsWithSegments(p, StringComparison.OrdinalIgnoreCase) || new PathString(p).StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase));
        if (taken is not null)
        {
            yield return new ValidationResult($"Cx:Dashboard:Path must not overlap {taken}, which the host serves (got '{Path}').", [nameof(Path)]);
        }
    }
}
