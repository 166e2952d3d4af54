using CxGrains.Bench;

if (!BenchCommandLine.TryParse(args, out var arguments, out var error))
{
    await Console.Error.WriteLineAsync($"CxGrains.Bench: {error.ReplaceLineEndings(Environment.NewLine + "CxGrains.Bench: ")}");
    BenchCommandLine.WriteHelp(Console.Error);
    return 2;
}

if (arguments.ShowHelp)
{
    BenchCommandLine.WriteHelp(Console.Out);
    return 0;
}

if (arguments.RenderFrom is { } resultsFile)
{
    // Re-renders the docs table from an earlier results file without measuring anything.
    var stored = await ReportFiles.ReadAsync(resultsFile, CancellationToken.None);
    await ReportFiles.WriteDocsAsync(RepoLayout.Find(), stored, resultsFile, CancellationToken.None);
    Console.WriteLine($"docs/benchmarks.md rewritten from {resultsFile}");
    return 0;
}

var options = arguments.Run ?? throw new InvalidOperationException("the command line asked for neither a run, a render nor help");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Stop cleanly: the silos and PostgreSQL started so far are shut down on the way out.
    e.Cancel = true;
    stop.Cancel();
};

var layout = RepoLayout.Find();
layout.RequireBuilt();
var report = await new BenchRunner(layout, options, Console.Out).RunAsync(stop.Token);
var path = await ReportFiles.WriteAsync(layout, report, stop.Token);

Console.WriteLine();
foreach (var figure in report.Figures)
{
    var value = figure.Median is { } m ? $"{m:N2} {figure.Unit}" : figure.Note;
    var ratio = figure.RatioToBareSink is { } r ? $"  ({r:0.00} of bare sink)" : "";
    var met = figure.Met switch { true => "  target met", false => "  TARGET MISSED", null => "" };
    Console.WriteLine($"{figure.Label,-52} {value}{ratio}{met}");
}

foreach (var warning in report.Warnings)
{
    Console.WriteLine($"warning: {warning}");
}

Console.WriteLine($"\nresults: {path}{(options.UpdateDocs ? "; docs/benchmarks.md updated" : "")}");
return 0;
