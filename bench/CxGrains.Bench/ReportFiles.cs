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

        // Readable ≥, ×, – and apostrophes in a file people read; it is never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
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
            await WriteDocsAsync(layout, report, path, cancellationToken);
        }

        return path;
    }

    /// <summary>Reads a results file written by <see cref="WriteAsync"/>.</summary>
    public static async Task<BenchReport> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<BenchReport>(stream, Json, cancellationToken)
            ?? throw new InvalidOperationException($"{path} holds no report.");
    }

    /// <summary>Rewrites the "End-to-end ingest" section of docs/benchmarks.md from <paramref name="report"/>.</summary>
    public static async Task WriteDocsAsync(RepoLayout layout, BenchReport report, string resultsPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var relative = Path.GetRelativePath(layout.Root, Path.GetFullPath(resultsPath)).Replace('\\', '/');
        var document = File.Exists(layout.BenchmarksDoc) ? await File.ReadAllTextAsync(layout.BenchmarksDoc, cancellationToken) : "# Benchmarks\n";
        var updated = ResultsMarkdown.ReplaceSection(document, ResultsMarkdown.Section(report, relative));
        await File.WriteAllTextAsync(layout.BenchmarksDoc, updated, cancellationToken);
    }
}
