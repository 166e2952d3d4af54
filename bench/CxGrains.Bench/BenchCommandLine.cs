using System.CommandLine;
using System.CommandLine.Help;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CxGrains.LoadGen.Cli;

namespace CxGrains.Bench;

/// <summary>
/// The orchestrator's command line, defined with System.CommandLine. <c>--quick</c> picks the quick preset
/// instead of the full one, wherever it stands; every other option overrides its preset value, and a run that
/// differs from its preset is labelled "-custom" in the results.
/// </summary>
public sealed class BenchCommandLine
{
    private const string Description = "CxGrains.Bench — end-to-end benchmark against real silo processes (see bench/run.sh).";

    private readonly Option<bool> _quick = Flag(
        "--quick", "One repetition, short runs, 100,000 customers, memory probe with 50,000 (< 5 minutes)");

    private readonly Option<int> _runs = Valued("--runs", "n", $"Repetitions per figure {Presets(o => o.Runs)}", Positive);

    private readonly Option<TimeSpan> _warmup = Valued(
        "--warmup", "s", $"Warm-up seconds after each silo start {Presets(o => o.Warmup.TotalSeconds)}", Seconds);

    private readonly Option<TimeSpan> _duration = Valued(
        "--duration", "s", $"Seconds per measured load run {Presets(o => o.Measure.TotalSeconds)}", Seconds);

    private readonly Option<TimeSpan> _perEventDuration = Valued(
        "--per-event-duration", "s", $"Seconds of the one-write-per-event durable baseline {Presets(o => o.PerEventMeasure.TotalSeconds)}", Seconds);

    private readonly Option<int> _customers = Valued(
        "--customers", "n", $"Distinct customers of the load generator {Presets(o => o.Customers)}", Positive);

    private readonly Option<int> _memoryCustomers = Valued(
        "--memory-customers", "n", $"Customers activated by the memory probe {Presets(o => o.MemoryCustomers)}", Positive);

    private readonly Option<int> _pushSamples = Valued(
        "--push-samples", "n", $"Push latency samples per run {Presets(o => o.PushSamples)}", Positive);

    private readonly Option<int> _durableBatch = Valued(
        "--durable-batch", "n", $"Events per batch in durable mode (default {BenchOptions.Full.DurableBatch})", Positive);

    private readonly Option<int> _durableInFlight = Valued(
        "--durable-in-flight", "n", $"Batches in flight per stream in durable mode (default {BenchOptions.Full.DurableInFlight})", Positive);

    private readonly Option<BenchPhases> _phases = Valued(
        "--phases", "list", "Comma-separated: bare, applied, durable, memory (default all)", Phases);

    // Text, not bool: System.CommandLine gives a bool option only 'true' or 'false' as its value.
    private readonly Option<string> _pgFsync = Valued(
        "--pg-fsync", "on|off", "PostgreSQL durability in durable mode (default on)", OnOff);

    private readonly Option<double> _queueShare = Valued(
        "--queue-share", "f", "Share of each batch sent as queue events (0–0.9, default 0)", Share);

    private readonly Option<string> _note = Valued(
        "--note", "text", "Stored with the results and printed under the table", value => value);

    private readonly Option<string> _out = Valued(
        "--out", "file", "Results file (default bench/results/<yyyy-MM-dd>.json)", value => value);

    private readonly Option<bool> _noDocs = Flag("--no-docs", "Do not rewrite docs/benchmarks.md");

    private readonly Option<string> _render = Valued(
        "--render", "file", "Only rewrite docs/benchmarks.md from an earlier results file (no other option)", value => value);

    private readonly HelpOption _help = new();

    private readonly RootCommand _command = new(Description) { HelpName = "CxGrains.Bench" };

    // One instance per parse: System.CommandLine's symbols are not documented as safe to share across threads.
    private BenchCommandLine()
    {
        // Only the orchestrator's own options: no --version, no [suggest] directive.
        _command.Options.Clear();
        _command.Directives.Clear();
        Option[] options =
        [
            _quick, _runs, _warmup, _duration, _perEventDuration, _customers, _memoryCustomers, _pushSamples,
            _durableBatch, _durableInFlight, _phases, _pgFsync, _queueShare, _note, _out, _noDocs, _render, _help,
        ];
        foreach (var option in options)
        {
            _command.Options.Add(option);
        }
    }

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> says what is wrong, one problem a line.</summary>
    public static bool TryParse(
        IReadOnlyList<string> args,
        [NotNullWhen(true)] out BenchArguments? arguments,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var commandLine = new BenchCommandLine();
        var parsed = OptionValues.ParseInOrder(commandLine._command, args, out var errors);
        if (parsed.GetResult(commandLine._help) is not null)
        {
            arguments = new BenchArguments { ShowHelp = true };
            error = null;
            return true;
        }

        arguments = errors.Count == 0 ? commandLine.Bind(parsed, errors) : null;
        error = arguments is null ? string.Join(Environment.NewLine, errors) : null;
        return arguments is not null;
    }

    /// <summary>Writes the usage: every option with its meaning and default.</summary>
    public static void WriteHelp(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        OptionValues.WriteHelp(new BenchCommandLine()._command, output);
    }

    // The arguments of a command line that parsed, or null with the reasons added to errors.
    private BenchArguments? Bind(ParseResult parsed, List<string> errors)
    {
        // Flags and booleans have an implicit result even when absent.
        bool Given(Option option) => parsed.GetResult(option) is { Implicit: false };
        T Or<T>(Option<T> option, T preset) => Given(option) ? parsed.GetValue(option)! : preset;

        if (parsed.GetValue(_render) is { } resultsFile)
        {
            if (_command.Options.Any(option => option != _render && Given(option)))
            {
                errors.Add($"{_render.Name} only rewrites docs/benchmarks.md from a results file; it takes no other option");
                return null;
            }

            return new BenchArguments { RenderFrom = resultsFile };
        }

        var preset = parsed.GetValue(_quick) ? BenchOptions.Quick : BenchOptions.Full;
        var options = preset with
        {
            Runs = Or(_runs, preset.Runs),
            Warmup = Or(_warmup, preset.Warmup),
            Measure = Or(_duration, preset.Measure),
            PerEventMeasure = Or(_perEventDuration, preset.PerEventMeasure),
            Customers = Or(_customers, preset.Customers),
            MemoryCustomers = Or(_memoryCustomers, preset.MemoryCustomers),
            PushSamples = Or(_pushSamples, preset.PushSamples),
            DurableBatch = Or(_durableBatch, preset.DurableBatch),
            DurableInFlight = Or(_durableInFlight, preset.DurableInFlight),
            Phases = Or(_phases, preset.Phases),
            PostgresFsync = Given(_pgFsync) ? parsed.GetValue(_pgFsync) == "on" : preset.PostgresFsync,
            QueueShare = Or(_queueShare, preset.QueueShare),
            Note = parsed.GetValue(_note),
            OutputPath = parsed.GetValue(_out),
            UpdateDocs = !parsed.GetValue(_noDocs),
        };

        // Anything but the stock profile is labelled as such in the results.
        if (options with { Note = null, OutputPath = null, UpdateDocs = true } != preset)
        {
            options = options with { Profile = preset.Profile + "-custom" };
        }

        return new BenchArguments { Run = options };
    }

    // "(full 20; quick 5)": the two presets' own values, so the help cannot drift from them.
    private static string Presets(Func<BenchOptions, double> pick) =>
        string.Create(CultureInfo.InvariantCulture, $"(full {pick(BenchOptions.Full):#,0.##}; quick {pick(BenchOptions.Quick):#,0.##})");

    private static Option<bool> Flag(string name, string description) => OptionValues.Flag(name, description);

    // One value, read by parse, which throws FormatException saying what is accepted; the message names the flag and the value.
    private static Option<T> Valued<T>(string name, string valueName, string description, Func<string, T> parse) =>
        OptionValues.Valued(name, valueName, description, (flag, text) =>
        {
            try
            {
                return parse(text);
            }
            catch (FormatException exception)
            {
                throw new FormatException($"{flag} {text}: {exception.Message}", exception);
            }
        });

    private static int Positive(string value)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException("not a whole number");
        }

        return n > 0 ? n : throw new FormatException("must be positive");
    }

    private static double Share(string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var share))
        {
            throw new FormatException("not a number");
        }

        return share is >= 0 and <= 0.9 ? share : throw new FormatException("must be between 0 and 0.9");
    }

    private static TimeSpan Seconds(string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds))
        {
            throw new FormatException("not a number of seconds");
        }

        return seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new FormatException("must be positive seconds");
    }

    private static string OnOff(string value) => value is "on" or "off" ? value : throw new FormatException("on or off");

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
