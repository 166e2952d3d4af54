namespace CxGrains.LoadGen.Cli;

/// <summary>The console tool: parse, run, report, pick the exit code.</summary>
public static class LoadGenCommand
{
    /// <summary>Every batch was acknowledged.</summary>
    public const int Success = 0;

    /// <summary>The run ended with batches never acknowledged.</summary>
    public const int Incomplete = 1;

    /// <summary>Invalid arguments.</summary>
    public const int UsageError = 2;

    /// <summary>The ingest service could not be reached or refused the run.</summary>
    public const int ConnectionFailure = 3;

    /// <summary>Runs the tool with <paramref name="args"/>; Ctrl+C stops sending and drains.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (!LoadGenCommandLine.TryParse(args, out var options, out var error))
        {
            await stderr.WriteLineAsync($"cx-loadgen: {error.ReplaceLineEndings(Environment.NewLine + "cx-loadgen: ")}");
            await stderr.WriteLineAsync("Run 'cx-loadgen --help' for usage.");
            return UsageError;
        }

        if (options.ShowHelp)
        {
            LoadGenCommandLine.WriteHelp(stdout);
            return Success;
        }

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // First Ctrl+C drains gracefully; a second one is left to the default handler and kills the process.
            if (!stop.IsCancellationRequested)
            {
                e.Cancel = true;
                stderr.WriteLine("cx-loadgen: stopping — waiting for in-flight acks (Ctrl+C again to abort)");
                stop.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var summary = await LoadRunner.RunAsync(
                options.Load,
                options.Quiet ? null : new ProgressPrinter(stderr),
                stop.Token);
            await ReportAsync(summary, options.JsonPath, stdout, stderr);
            return summary.UnackedBatches > 0 ? Incomplete : Success;
        }
        catch (LoadConnectionException exception)
        {
            await stderr.WriteLineAsync($"cx-loadgen: {exception.Message}");
            if (exception.Summary is { } partial && (partial.BatchesAcked > 0 || options.JsonPath is not null))
            {
                await ReportAsync(partial, options.JsonPath, stderr, stderr);
            }

            return ConnectionFailure;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task ReportAsync(LoadSummary summary, string? jsonPath, TextWriter stdout, TextWriter stderr)
    {
        var text = SummaryFormatter.ToText(summary);
        if (jsonPath == "-")
        {
            // JSON owns standard output; the text goes beside the progress lines.
            await stderr.WriteAsync(text);
            await stdout.WriteLineAsync(SummaryFormatter.ToJson(summary));
            return;
        }

        await stdout.WriteAsync(text);
        if (jsonPath is not null)
        {
            await File.WriteAllTextAsync(jsonPath, SummaryFormatter.ToJson(summary));
        }
    }
}
