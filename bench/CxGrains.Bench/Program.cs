using CxGrains.Bench;

var (options, error, help) = BenchCommandLine.Parse(args);
if (help)
{
    Console.WriteLine(BenchCommandLine.Usage);
    return 0;
}

if (options is null)
{
    await Console.Error.WriteLineAsync($"CxGrains.Bench: {error}\n{BenchCommandLine.Usage}");
    return 2;
}

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
