using System.Globalization;
using System.Text;

namespace CxGrains.Bench;

/// <summary>Renders the "End-to-end ingest" section of docs/benchmarks.md from a report.</summary>
public static class ResultsMarkdown
{
    /// <summary>The section heading the benchmark owns.</summary>
    public const string Heading = "## End-to-end ingest";

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The whole section, heading included, ending with a blank line.</summary>
    public static string Section(BenchReport report, string resultsFile)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Settings;
        var text = new StringBuilder();
        text.AppendLine(Heading).AppendLine();
        text.AppendLine("Written by `bench/run.sh` (the orchestrator `bench/CxGrains.Bench`); do not edit by hand. Each mode runs");
        text.AppendLine("against a real silo process (`dotnet src/CxGrains.Host/bin/Release/net10.0/CxGrains.Host.dll`, Production");
        text.AppendLine("environment, configured by `Cx__…` variables) on 127.0.0.1, fed by `cx-loadgen` as a separate process on the");
        text.AppendLine("same machine (Zipf s = 1; bare sink and applied: 4 streams × batches of 500, 8 in flight per stream;");
        text.AppendLine(C, $"durable: 4 streams × batches of {s.DurableBatch}, {s.DurableInFlight} in flight per stream, drained at the end of a run). After");
        text.AppendLine("each silo start a warm-up run is discarded. Throughput counts acknowledged events over the run's wall time,");
        text.AppendLine("drain included. Ratios are to the bare sink's median of the same run (`Cx:Ingest:BareSink`: same gRPC path,");
        text.AppendLine("acks without touching grains). Durable mode writes to a throwaway PostgreSQL with its default durability");
        text.AppendLine(C, $"(fsync and synchronous commit on unless noted); \"one write per event\" is {s.PerEventStreams} writers, each inserting one");
        text.AppendLine("event row (the journal's mean payload size) per transaction straight into that PostgreSQL, with no silo running.");
        text.AppendLine("Customer queries ask for the 1,000 customers with the most events acknowledged in the warm-up, one query at a");
        text.AppendLine("time every 10 ms per protocol, during the applied run at 50 % of peak. Memory comes from `bench/CxGrains.GrainMemory`.");
        if (s.ActivateCustomers)
        {
            // Runs before the durable phase had one were made without it there.
            var phases = report.LoadRuns.Any(r => r is { Phase: "durable", Kind: "activate" }) ? "the applied and the durable runs" : "the applied runs";
            if (report.LoadRuns.Any(r => r is { Kind: "activate", Settings.CustomersInTurn: true }))
            {
                text.AppendLine(C, $"Before {phases} an activation pass sends each customer one event, in turn (`--customers-in-turn`),");
                text.AppendLine("so every customer is a warm grain, as the targets assume; its figures are not used.");
            }
            else
            {
                text.AppendLine(C, $"Before {phases} an activation pass sends twice as many events as there are customers with uniform");
                text.AppendLine("activity (`--zipf 0`), so about 86 % of the customers are warm grains, as the targets assume; its figures are not used.");
            }
        }

        text.AppendLine();
        text.AppendLine(C, $"Run of {report.Date} ({report.Profile}: {s.Runs} repetition(s) per figure, median and min–max; {s.Measure.TotalSeconds:0} s per load run after a {s.Warmup.TotalSeconds:0} s warm-up;");
        text.AppendLine(C, $"{s.Customers:N0} customers; memory probe with {s.MemoryCustomers:N0} customers). Raw results: [`{resultsFile}`](../{resultsFile}).");
        text.AppendLine();
        text.AppendLine("| Figure | Median | Min–max | Ratio to bare sink | DESIGN.md §5 target | Met? |");
        text.AppendLine("|---|---:|---:|---:|---|---|");
        foreach (var figure in report.Figures)
        {
            var median = figure.Median is { } m ? Value(m, figure.Unit) : figure.Note ?? "not measured";
            var range = figure.Min is { } min && figure.Max is { } max && figure.Runs.Count > 1
                ? $"{Value(min, figure.Unit, withUnit: false)}–{Value(max, figure.Unit)}"
                : "—";
            var ratio = figure.RatioToBareSink is { } r ? r.ToString("0.00", C) : "—";
            var met = figure.Met switch { true => "yes", false => "**no**", null => "—" };
            text.AppendLine(C, $"| {figure.Label} | {median} | {range} | {ratio} | {figure.Target ?? "—"} | {met} |");
        }

        text.AppendLine();
        var machine = report.Machine;
        var v = report.Versions;
        text.AppendLine(C, $"- Machine: {machine.Cores} cores, {machine.MemoryGiB:0.#} GiB, \"{machine.CpuModel}\", {machine.Os}. Load average");
        text.AppendLine(C, $"  {report.LoadAverage[0]:0.0} at the start and {report.LoadAverage[1]:0.0} at the end of the run (generator, silo and anything else on the machine).");
        text.AppendLine(C, $"- Versions: {v.Runtime} (SDK {v.Sdk}), Orleans {v.Orleans}{(v.Postgres is null ? "" : $", PostgreSQL {v.Postgres}")}; commit `{Short(v.Commit)}`{(v.Dirty ? " with local changes" : "")}.");
        text.AppendLine(C, $"- Whole run, build excluded: {report.DurationSeconds / 60:0.0} min.");
        if (!s.PostgresFsync)
        {
            text.AppendLine("- PostgreSQL ran with fsync and synchronous commit **off**: durable figures are an upper bound.");
        }

        if (!string.IsNullOrWhiteSpace(report.Note))
        {
            text.AppendLine(C, $"- Note: {report.Note.TrimEnd('.')}.");
        }

        foreach (var warning in report.Warnings)
        {
            text.AppendLine(C, $"- Warning: {warning}");
        }

        text.AppendLine("- Reproduce: `bench/run.sh` (full, < 30 min) or `bench/run.sh --quick` (< 5 min, one repetition, noisier).");
        text.AppendLine();
        WhereTheTimeGoes(text, report);
        return text.ToString();
    }

    /// <summary>The second table: per measured run, the cores used and the silo's cost per event.</summary>
    private static void WhereTheTimeGoes(StringBuilder text, BenchReport report)
    {
        var costs = report.Costs.ToDictionary(f => f.Key);
        var rows = CostFigures.Runs.Where(r => costs.ContainsKey(CostFigures.Key(r.Phase, r.Kind, CostFigures.SiloCores))
            || costs.ContainsKey(CostFigures.Key(r.Phase, r.Kind, CostFigures.GeneratorCores))).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var cores = report.Machine.Cores;
        text.AppendLine("### Where the time goes").AppendLine();
        text.AppendLine("Read from the silo itself: its `/metrics` (the .NET runtime meter) just before and just after each measured");
        text.AppendLine("run, and the load generator's CPU time from `/proc` (its start-up before the run's clock starts left out).");
        text.AppendLine(C, $"Cores used are CPU seconds over the run's wall time; silo and generator share this machine's {cores} cores, so a");
        text.AppendLine(C, $"sum near {cores} means the run was bound by CPU, not by waiting. \"Machine\" is every process's busy time (`/proc/stat`):");
        text.AppendLine("well above silo + generator means other work on the machine took CPU from the run. Per event: divided by the events acknowledged.");
        text.AppendLine("GC pause: the share of the run's wall time the silo was paused by garbage collections; longest GC pause: the");
        text.AppendLine("upper bound of the bucket of the silo's pause histogram (`cx_gc_pause_duration_seconds`) holding it; GCs: collections in");
        text.AppendLine("the run, each counted once under the oldest generation it collected. The applied run at 50 % also serves the");
        text.AppendLine("customer queries and the push probe. Medians of the runs; min–max and lock contentions in the results file.");
        text.AppendLine();
        text.AppendLine("| Run | Events/s | Cores: silo + generator | Machine busy | Silo CPU / event | Generator CPU / event | Allocated / event (silo) | GC pause share | Longest GC pause | GCs gen0/1/2 |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var throughputs = report.Figures.ToDictionary(f => f.Key);
        foreach (var (phase, kind, label, throughput) in rows)
        {
            double? Median(string measure) => costs.TryGetValue(CostFigures.Key(phase, kind, measure), out var f) ? f.Median : null;
            string Show(double? value, Func<double, string> format) => value is { } v ? format(v) : "—";

            var silo = Median(CostFigures.SiloCores);
            var generator = Median(CostFigures.GeneratorCores);
            var coreText = silo is { } s && generator is { } g
                ? string.Create(C, $"{s:0.00} + {g:0.00} = {s + g:0.00} of {cores}")
                : string.Create(C, $"{Show(silo, v => v.ToString("0.00", C))} + {Show(generator, v => v.ToString("0.00", C))}");
            var machineText = Show(Median(CostFigures.MachineBusyCores), v => v.ToString("0.00", C));
            var eventsPerSecond = throughputs.TryGetValue(throughput.Key, out var t) && t.Median is { } rate ? rate.ToString("N0", C) : "—";
            var gcs = string.Join('/', CostFigures.Generations.Select(gen => Show(Median(CostFigures.Gc(gen)), v => v.ToString("0", C))));
            text.AppendLine(C, $"| {label} | {eventsPerSecond} | {coreText} | {machineText} | {Show(Median(CostFigures.SiloCpuPerEvent), Micros)} | {Show(Median(CostFigures.GeneratorCpuPerEvent), Micros)} | {Show(Median(CostFigures.AllocatedPerEvent), v => (v / 1024).ToString("0.00", C) + " KiB")} | {Show(Median(CostFigures.GcPausePercent), v => v.ToString("0.0", C) + " %")} | {Show(Median(CostFigures.LongestGcPause), v => "≤ " + v.ToString("N0", C) + " ms")} | {gcs} |");
        }

        text.AppendLine();
    }

    private static string Micros(double value) => (value < 10 ? value.ToString("0.00", C) : value.ToString("N1", C)) + " µs";

    /// <summary>
    /// <paramref name="document"/> with the section under <see cref="Heading"/> (up to the next
    /// level-2 heading) replaced by <paramref name="section"/>; appended when missing.
    /// </summary>
    public static string ReplaceSection(string document, string section)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(section);
        var lines = document.ReplaceLineEndings("\n").Split('\n').ToList();
        var start = lines.FindIndex(line => line.TrimEnd() == Heading);
        if (start < 0)
        {
            return document.TrimEnd('\n') + "\n\n" + section;
        }

        var end = lines.FindIndex(start + 1, line => line.StartsWith("## ", StringComparison.Ordinal));
        var before = string.Join('\n', lines.Take(start));
        var after = end < 0 ? "" : string.Join('\n', lines.Skip(end));
        return before + (before.Length > 0 ? "\n" : "") + section + after;
    }

    private static string Value(double value, string unit, bool withUnit = true)
    {
        var number = unit switch
        {
            "ms" => value < 10 ? value.ToString("0.00", C) : value.ToString("N1", C),
            "×" => value.ToString("0.0", C),
            _ => value.ToString("N0", C),
        };
        if (!withUnit)
        {
            return number;
        }

        return unit == "×" ? number + "×" : $"{number} {unit}";
    }

    private static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;
}
