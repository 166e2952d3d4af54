using System.Globalization;

namespace CxGrains.Bench;

/// <summary>Parses the orchestrator's arguments.</summary>
public static class BenchCommandLine
{
    /// <summary>Usage text.</summary>
    public const string Usage = """
        CxGrains.Bench — end-to-end benchmark against real silo processes (see bench/run.sh).

        Usage: CxGrains.Bench [--quick] [options]
          --quick                   One repetition, short runs, 100,000 customers, memory probe with 50,000 (< 5 minutes)
          --runs <n>                Repetitions per figure (full: 3)
          --warmup <s>              Warm-up seconds after each silo start
          --duration <s>            Seconds per measured load run
          --per-event-duration <s>  Seconds of the once-per-event durable run
          --customers <n>           Distinct customers of the load generator
          --memory-customers <n>    Customers activated by the memory probe
          --push-samples <n>        Push latency samples per run
          --durable-batch <n>       Events per batch in durable mode (default 500)
          --durable-in-flight <n>   Batches in flight per stream in durable mode (default 8)
          --phases <list>           Comma-separated: bare, applied, durable, memory (default all)
          --pg-fsync <on|off>       PostgreSQL durability in durable mode (default on)
          --queue-share <f>         Share of each batch sent as queue events (0–0.9, default 0)
          --note <text>             Stored with the results and printed under the table
          --out <file>              Results file (default bench/results/<yyyy-MM-dd>.json)
          --no-docs                 Do not rewrite docs/benchmarks.md
          --render <file>           Only rewrite docs/benchmarks.md from an earlier results file
          -h, --help                This text
        """;

    /// <summary>The options, or an error message.</summary>
    public static (BenchOptions? Options, string? Error, bool Help) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = args.Contains("--quick") ? BenchOptions.Quick : BenchOptions.Full;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                return (null, null, true);
            }

            if (name is "--quick")
            {
                continue;
            }

            if (name is "--no-docs")
            {
                options = options with { UpdateDocs = false };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{name} needs a value", false);
            }

            var value = args[++i];
            try
            {
                options = name switch
                {
                    "--runs" => options with { Runs = Positive(value) },
                    "--warmup" => options with { Warmup = Seconds(value) },
                    "--duration" => options with { Measure = Seconds(value) },
                    "--per-event-duration" => options with { PerEventMeasure = Seconds(value) },
                    "--customers" => options with { Customers = Positive(value) },
                    "--memory-customers" => options with { MemoryCustomers = Positive(value) },
                    "--push-samples" => options with { PushSamples = Positive(value) },
                    "--durable-batch" => options with { DurableBatch = Positive(value) },
                    "--durable-in-flight" => options with { DurableInFlight = Positive(value) },
                    "--phases" => options with { Phases = Phases(value) },
                    "--pg-fsync" => options with { PostgresFsync = value switch { "on" => true, "off" => false, _ => throw new FormatException("on or off") } },
                    "--queue-share" => options with { QueueShare = Share(value) },
                    "--note" => options with { Note = value },
                    "--out" => options with { OutputPath = value },
                    _ => throw new ArgumentException($"unknown option {name}"),
                };
            }
            catch (FormatException ex)
            {
                return (null, $"{name} {value}: {ex.Message}", false);
            }
            catch (ArgumentException ex)
            {
                return (null, ex.Message, false);
            }
        }

        // Anything but the stock profile is labelled as such in the results.
        var baseline = args.Contains("--quick") ? BenchOptions.Quick : BenchOptions.Full;
        if (options with { Note = null, OutputPath = null, UpdateDocs = true } != baseline)
        {
            options = options with { Profile = baseline.Profile + "-custom" };
        }

        return (options, null, false);
    }

    private static int Positive(string value)
    {
        var n = int.Parse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        return n > 0 ? n : throw new FormatException("must be positive");
    }

    private static double Share(string value)
    {
        var share = double.Parse(value, CultureInfo.InvariantCulture);
        return share is >= 0 and <= 0.9 ? share : throw new FormatException("must be between 0 and 0.9");
    }

    private static TimeSpan Seconds(string value)
    {
        var seconds = double.Parse(value, CultureInfo.InvariantCulture);
        return seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new FormatException("must be positive seconds");
    }

    private static BenchPhases Phases(string value)
    {
        var phases = BenchPhases.None;
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            phases |= part switch
            {
                "bare" => BenchPhases.Bare,
                "applied" => BenchPhases.Applied,
                "durable" => BenchPhases.Durable,
                "memory" => BenchPhases.Memory,
                "all" => BenchPhases.All,
                _ => throw new FormatException($"unknown phase '{part}' (bare, applied, durable, memory)"),
            };
        }

        return phases == BenchPhases.None ? throw new FormatException("no phase") : phases;
    }
}
