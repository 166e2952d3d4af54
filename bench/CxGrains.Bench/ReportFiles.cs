using System.Text.Json;
using System.Text.Json.Serialization;

namespace CxGrains.Bench;

/// <summary>Writes a report to its results file and to docs/benchmarks.md.</summary>
public static class ReportFiles
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The report as indented camelCase JSON.</summary>
    public static string ToJson(BenchReport report) => JsonSerializer.Serialize(report, Json);

    /// <summary>Writes the JSON (and, when asked, the docs section); returns the results file's path.</summary>
    public static async Task<string> WriteAsync(RepoLayout layout, BenchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(report);
        var path = Path.GetFullPath(report.Settings.OutputPath ?? Path.Combine(layout.ResultsDirectory, $"{report.Date}.json"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, ToJson(report) + "\n", cancellationToken);

        if (report.Settings.UpdateDocs)
        {
            var relative = Path.GetRelativePath(layout.Root, path).Replace('\\', '/');
            var document = File.Exists(layout.BenchmarksDoc) ? await File.ReadAllTextAsync(layout.BenchmarksDoc, cancellationToken) : "# Benchmarks\n";
            var updated = ResultsMarkdown.ReplaceSection(document, ResultsMarkdown.Section(report, relative));
            await File.WriteAllTextAsync(layout.BenchmarksDoc, updated, cancellationToken);
        }

        return path;
    }
}
