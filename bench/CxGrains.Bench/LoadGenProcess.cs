using System.Diagnostics;
using System.Text.Json;

namespace CxGrains.Bench;

/// <summary>Runs cx-loadgen as a separate process with <c>--json</c> and reads its summary and its CPU time.</summary>
public static class LoadGenProcess
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    // CX_BENCH_PROGRESS_DIR: keep each run's per-second progress lines there, one file per run.
    private static readonly string? ProgressDirectory = Environment.GetEnvironmentVariable("CX_BENCH_PROGRESS_DIR") is { Length: > 0 } directory
        ? directory
        : null;

    /// <summary>
    /// Streams load into <paramref name="silo"/> and returns the generator's summary, and the CPU
    /// time the generator used (null where <c>/proc</c> is not available).
    /// </summary>
    /// <param name="layout">Where cx-loadgen is built.</param>
    /// <param name="silo">The target.</param>
    /// <param name="keys">The ingest key.</param>
    /// <param name="settings">Load shape.</param>
    /// <param name="runId">Prefix of event ids; unique per run so no event is a duplicate of an earlier run's.</param>
    /// <param name="cancellationToken">Cancels the run (the process is killed).</param>
    public static async Task<(LoadGenResult Result, GeneratorCpu? Cpu)> RunAsync(
        RepoLayout layout, SiloProcess silo, BenchKeys keys, LoadGenSettings settings, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(settings);
        var jsonPath = Path.Combine(Path.GetTempPath(), $"cx-bench-{runId}-{Guid.NewGuid():N}.json");
        try
        {
            string[] arguments =
            [
                layout.LoadGenDll,
                "--url", silo.GrpcUrl.ToString().TrimEnd('/'),
                "--api-key", keys.Ingest,
                "--run-id", runId,
                "--json", jsonPath,
                .. (ProgressDirectory is null ? ["--quiet"] : Array.Empty<string>()),
                .. settings.Arguments(),
            ];

            // Sending time, plus the drain, plus start-up.
            var timeout = settings.Duration + settings.Drain + TimeSpan.FromSeconds(60);

            // The generator shares the machine's cores with the silo: its CPU time is part of the ceiling.
            // Sampled while it runs, to tell its start-up (JIT) from the run.
            var childrenBefore = ProcessCpu.FinishedChildrenSeconds();
            CpuSampler? sampler = null;
            ChildProcess.Result result;
            long exitedAt;
            try
            {
                result = await ChildProcess.RunAsync(
                    "dotnet", arguments, timeout, started: id => sampler = ProcessCpu.StartSampling(id, TimeSpan.FromMilliseconds(100)), cancellationToken: cancellationToken);
                exitedAt = Stopwatch.GetTimestamp();
            }
            finally
            {
                if (sampler is not null)
                {
                    await sampler.DisposeAsync();
                }
            }

            var childrenAfter = ProcessCpu.FinishedChildrenSeconds();
            if (ProgressDirectory is not null)
            {
                // One line a second of rate and ack latency: where in a run its tail came from.
                Directory.CreateDirectory(ProgressDirectory);
                await File.WriteAllTextAsync(Path.Combine(ProgressDirectory, $"{runId}.log"), result.Error, cancellationToken);
            }

            // 0: every batch acknowledged; 1: some were not (still a measurement, reported as unacked).
            if (result.ExitCode is not (0 or 1) || !File.Exists(jsonPath))
            {
                throw new InvalidOperationException(
                    $"cx-loadgen against the {silo.Mode} silo exited with {result.ExitCode}:\n{ChildProcess.Tail(result.Error)}\nHost log:\n{silo.LogTail()}");
            }

            await using var stream = File.OpenRead(jsonPath);
            var summary = await JsonSerializer.DeserializeAsync<LoadGenResult>(stream, Json, cancellationToken)
                ?? throw new InvalidOperationException("cx-loadgen wrote an empty summary.");
            GeneratorCpu? cpu = null;
            if (childrenBefore is { } before && childrenAfter is { } after && sampler is not null)
            {
                // The run's clock started ElapsedSeconds before it ended, a moment before the exit.
                var runStartedAt = exitedAt - (long)(summary.ElapsedSeconds * Stopwatch.Frequency);
                cpu = new GeneratorCpu(after - before, sampler.SecondsAt(runStartedAt));
            }

            return (summary, cpu);
        }
        finally
        {
            File.Delete(jsonPath);
        }
    }
}
