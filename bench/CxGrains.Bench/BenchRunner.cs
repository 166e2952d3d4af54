using System.Diagnostics;
using System.Globalization;
using CxGrains.TestingHost;

namespace CxGrains.Bench;

/// <summary>
/// Runs the end-to-end benchmark: for each mode a fresh silo process, a discarded warm-up, then
/// the measured repetitions; collects every figure and returns the report.
/// </summary>
public sealed class BenchRunner(RepoLayout layout, BenchOptions options, TextWriter progress)
{
    // Reads the silos' /metrics around each load run; one client for the whole benchmark.
    private static readonly HttpClient Metrics = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly FigureSet _figures = new();
    private readonly List<LoadRunRecord> _loadRuns = [];
    private readonly List<GrainMemoryResult> _memoryRuns = [];
    private readonly List<string> _warnings = [];
    private readonly BenchKeys _keys = BenchKeys.Create();
    private readonly Stopwatch _clock = new();
    private string? _postgresVersion;

    /// <summary>Runs every phase in <see cref="BenchOptions.Phases"/> and returns the report.</summary>
    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        var startedAt = DateTimeOffset.UtcNow;
        var loadAtStart = MachineInfo.LoadAverage();
        var versions = await VersionInfo.ReadAsync(layout, cancellationToken);
        Log($"{options.Profile} run: {options.Runs} repetition(s), {options.Measure.TotalSeconds:0} s per load run after a {options.Warmup.TotalSeconds:0} s warm-up, {options.Customers:N0} customers; load average {loadAtStart:0.00} on {Environment.ProcessorCount} cores");

        if (options.Phases.HasFlag(BenchPhases.Bare))
        {
            await BareSinkAsync(cancellationToken);
        }

        if (options.Phases.HasFlag(BenchPhases.Applied))
        {
            await AppliedAsync(cancellationToken);
        }

        if (options.Phases.HasFlag(BenchPhases.Durable))
        {
            await DurableAsync(cancellationToken);
        }

        if (options.Phases.HasFlag(BenchPhases.Memory))
        {
            await MemoryAsync(cancellationToken);
        }

        Log("done");
        return new BenchReport
        {
            Date = startedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Profile = options.Profile,
            StartedAt = startedAt,
            DurationSeconds = Math.Round(_clock.Elapsed.TotalSeconds, 1),
            Machine = MachineInfo.Current(),
            LoadAverage = [loadAtStart, MachineInfo.LoadAverage()],
            Versions = versions with { Postgres = _postgresVersion },
            Settings = options,
            Note = options.Note,
            Figures = _figures.Summarise(),
            Costs = _figures.Summarise(CostFigures.All),
            Warnings = _warnings,
            LoadRuns = _loadRuns,
            MemoryRuns = _memoryRuns,
        };
    }

    private async Task BareSinkAsync(CancellationToken cancellationToken)
    {
        await using var silo = await StartSiloAsync(SiloMode.BareSink, null, cancellationToken);
        await LoadAsync(silo, "bare", "warmup", 0, options.PeakLoad(seed: 1000) with { Duration = options.Warmup }, cancellationToken);
        for (var run = 1; run <= options.Runs; run++)
        {
            var peak = await LoadAsync(silo, "bare", "peak", run, options.PeakLoad(run), cancellationToken);
            AddPeak(Figures.BareThroughput, Figures.BareAckP50, Figures.BareAckP99, peak);
        }
    }

    private async Task AppliedAsync(CancellationToken cancellationToken)
    {
        await using var silo = await StartSiloAsync(SiloMode.Applied, null, cancellationToken);
        await ActivateCustomersAsync(silo, "applied", options.PeakLoad(seed: 900), cancellationToken);

        // The warm-up also tells which customers are active (their acks are counted) and warms the
        // query path (JIT on both sides, connections) with queries whose figures are discarded.
        var warmup = await LoadAsync(silo, "applied", "warmup", 0, options.PeakLoad(seed: 1000) with { Duration = options.Warmup, TrackAcked = true }, cancellationToken);
        var queries = new QueryProbe(silo, _keys, ActiveCustomers.From(warmup, options.Customers));
        var queryWarmup = TimeSpan.FromSeconds(Math.Min(3, options.Warmup.TotalSeconds));
        await Task.WhenAll(
            queries.RunGrpcAsync(queryWarmup, options.QueryInterval, seed: 3, cancellationToken),
            queries.RunJsonAsync(queryWarmup, options.QueryInterval, seed: 4, cancellationToken));

        for (var run = 1; run <= options.Runs; run++)
        {
            var peak = await LoadAsync(silo, "applied", "peak", run, options.PeakLoad(run), cancellationToken);
            AddPeak(Figures.AppliedThroughput, Figures.AppliedAckP50, Figures.AppliedAckP99, peak);

            // At half the peak: ack latency, plus customer queries and the push probe alongside.
            var halfSettings = options.PeakLoad(100 + run) with { Rate = peak.EventsPerSecond / 2 };
            var halfLoad = LoadAsync(silo, "applied", "half", run, halfSettings, cancellationToken);
            var push = new PushLatencyProbe(silo, _keys).MeasureAsync(options.PushSamples, cancellationToken);
            var (grpc, json) = await WithQueriesAsync(queries, halfLoad, options.Measure, cancellationToken);
            var half = await halfLoad;
            AddPeak(Figures.AppliedHalfThroughput, Figures.AppliedHalfAckP50, Figures.AppliedHalfAckP99, half);
            AddQueries(Figures.QueryGrpcP50, Figures.QueryGrpcP99, "gRPC", grpc);
            AddQueries(Figures.QueryJsonP50, Figures.QueryJsonP99, "JSON", json);
            AddPush(await push);
        }
    }

    // Payload bytes of a baseline event when the peak run reported no journal figures: the journal's mean at 1,000,000 customers.
    private const int DefaultPayloadBytes = 273;

    private async Task DurableAsync(CancellationToken cancellationToken)
    {
        Log($"starting a throwaway PostgreSQL (fsync {(options.PostgresFsync ? "on" : "off")})");
        await using var postgres = await PostgresServer.StartAsync(durable: options.PostgresFsync, cancellationToken);
        _postgresVersion = await postgres.VersionAsync(cancellationToken);

        // The silo applies the schema at start-up, as a fresh deployment would.
        var database = await postgres.CreateDatabaseAsync(applySchema: false, cancellationToken);
        await using var silo = await StartSiloAsync(SiloMode.Durable, database, cancellationToken);
        await ActivateCustomersAsync(silo, "durable", options.DurableLoad(seed: 900), cancellationToken);
        await LoadAsync(silo, "durable", "warmup", 0, options.DurableLoad(seed: 1000) with { Duration = options.Warmup }, cancellationToken);
        for (var run = 1; run <= options.Runs; run++)
        {
            var peak = await LoadAsync(silo, "durable", "peak", run, options.DurableLoad(run), cancellationToken);
            AddPeak(Figures.DurableThroughput, Figures.DurableAckP50, Figures.DurableAckP99, peak);
            var payloadBytes = DefaultPayloadBytes;
            if (_loadRuns[^1].Cost is { JournalCommitsPerSecond: { } commits, JournalBytesPerEvent: { } bytes })
            {
                payloadBytes = (int)Math.Round(bytes);
                _figures.Add(Figures.DurableJournalCommits, commits);
                _figures.Add(Figures.DurableJournalBytes, bytes);
            }

            var half = await LoadAsync(silo, "durable", "half", run, options.DurableLoad(100 + run) with { Rate = peak.EventsPerSecond / 2 }, cancellationToken);
            AddPeak(Figures.DurableHalfThroughput, Figures.DurableHalfAckP50, Figures.DurableHalfAckP99, half);

            // The design the journal replaces: every event its own durable write, many writers at once, on the
            // same PostgreSQL with the same payload size and nothing else running (OneWritePerEventBaseline).
            var perEvent = await OneWritePerEventBaseline.MeasureAsync(database, options.PerEventStreams, options.PerEventMeasure, payloadBytes, cancellationToken);
            Log($"durable one write per event {run}/{options.Runs}: {perEvent:N0} events/s ({options.PerEventStreams} writers, {payloadBytes} payload bytes, one transaction each)");
            _figures.Add(Figures.DurablePerEventThroughput, perEvent);
            if (perEvent > 0)
            {
                _figures.Add(Figures.DurableBatchingGain, peak.EventsPerSecond / perEvent);
            }
        }
    }

    // The targets are for warm grains: every customer gets events with uniform activity first (see BenchOptions.ActivateCustomers).
    private async Task ActivateCustomersAsync(SiloProcess silo, string mode, LoadGenSettings load, CancellationToken cancellationToken)
    {
        if (options.ActivateCustomers)
        {
            var activation = load with
            {
                CustomersInTurn = true,
                QueueShare = 0,
                Events = options.Customers,
                Duration = options.ActivationPassLimit,
            };
            await LoadAsync(silo, mode, "activate", 0, activation, cancellationToken);
        }
    }

    private async Task MemoryAsync(CancellationToken cancellationToken)
    {
        for (var run = 1; run <= options.Runs; run++)
        {
            Log($"memory probe {run}/{options.Runs}: activating {options.MemoryCustomers:N0} customers");
            var result = await GrainMemoryProbe.RunAsync(layout, options.MemoryCustomers, cancellationToken);
            _memoryRuns.Add(result);
            _figures.Add(Figures.MemoryPerGrain, result.BytesPerGrain);
            _figures.Add(Figures.ActivationRate, result.ActivationsPerSecond);
            Log($"  {result.BytesPerGrain:N0} B per grain, {result.ActivationsPerSecond:N0} activations/s");
        }
    }

    private async Task<SiloProcess> StartSiloAsync(SiloMode mode, string? postgres, CancellationToken cancellationToken)
    {
        var silo = await SiloProcess.StartAsync(layout, mode, _keys, postgres, cancellationToken);
        Log($"{mode} silo ready (pid {silo.ProcessId}, gRPC {silo.GrpcPort}, HTTP {silo.HttpPort})");
        if (await silo.GarbageCollectorAsync(cancellationToken) is { } collector)
        {
            // What a run's pauses depend on, as the silo's runtime applied it (a misspelt DOTNET_GC* variable shows here).
            Log($"  {collector}");
        }
        return silo;
    }

    private async Task<LoadGenResult> LoadAsync(
        SiloProcess silo, string phase, string kind, int run, LoadGenSettings settings, CancellationToken cancellationToken)
    {
        // Unique per run (≤ 64 characters): no event repeats an earlier run's id.
        var runId = $"{phase}-{kind}-{run}-{Guid.NewGuid().ToString("N")[..8]}";

        // The silo's own counters before and after the run tell what the run cost it.
        var before = await ReadCountersAsync(silo, cancellationToken);
        var machineBefore = ProcessCpu.MachineBusySeconds();
        var window = Stopwatch.StartNew();
        var (result, generatorCpu) = await LoadGenProcess.RunAsync(layout, silo, _keys, settings, runId, cancellationToken);
        var machineBusy = ProcessCpu.MachineBusySeconds() - machineBefore;
        var windowSeconds = window.Elapsed.TotalSeconds;
        var after = await ReadCountersAsync(silo, cancellationToken);
        var cost = RunCost.Between(before, after, windowSeconds, result, generatorCpu, machineBusy);
        _loadRuns.Add(new LoadRunRecord(phase, kind, run, settings, result with { AckedByCustomer = null }, cost));
        if (run > 0)
        {
            CostFigures.Add(_figures, phase, kind, cost);
        }

        var rate = settings.Rate > 0 ? $" (asked {settings.Rate:N0}/s)" : "";
        Log($"{phase} {kind}{(run > 0 ? $" {run}/{options.Runs}" : "")}: {result.EventsPerSecond:N0} events/s{rate}, ack p50 {result.AckLatency.P50Ms:0.0} ms, p99 {result.AckLatency.P99Ms:0.0} ms, {result.EventsAcknowledged:N0} acked");
        Log($"  {Describe(cost)}");
        if (result.Rejected > 0)
        {
            _warnings.Add($"{phase} {kind} {run}: {result.Rejected:N0} events rejected ({string.Join(", ", result.RejectedByCode.Select(p => $"{p.Key} {p.Value:N0}"))})");
        }

        if (result.UnackedEvents > 0)
        {
            _warnings.Add($"{phase} {kind} {run}: {result.UnackedEvents:N0} events never acknowledged");
        }

        if (result.EventsAcknowledged == 0)
        {
            _warnings.Add($"{phase} {kind} {run}: no event acknowledged");
        }

        return result;
    }

    private async Task<SiloCounters?> ReadCountersAsync(SiloProcess silo, CancellationToken cancellationToken)
    {
        try
        {
            return await SiloCounters.ScrapeAsync(Metrics, silo.HttpUrl, _keys.Reader, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or FormatException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // A run without its cost is still a throughput measurement.
            var warning = $"{silo.Mode} silo: /metrics could not be read ({e.GetType().Name}: {e.Message}); its runs have no cost figures";
            if (!_warnings.Contains(warning))
            {
                _warnings.Add(warning);
            }

            return null;
        }
    }

    private static string Describe(RunCost cost)
    {
        var c = CultureInfo.InvariantCulture;
        var silo = cost.SiloCpuMicrosPerEvent is { } cpu
            ? string.Create(c, $"silo {cost.SiloCores:0.00} cores, {cpu:N1} µs CPU and {cost.AllocatedBytesPerEvent / 1024:N2} KiB allocated per event, GC pauses {cost.GcPausePercent:0.0} % of wall time (gen0/1/2: {string.Join('/', CostFigures.Generations.Select(g => cost.GcCollections.GetValueOrDefault(g).ToString("0", c)))}{(cost.LongestGcPauseSeconds is { } longest ? string.Create(c, $", longest ≤ {longest * 1000:N0} ms") : "")})")
            : "silo counters not read";
        var generator = cost.Generator is { } g
            ? string.Create(c, $"generator {cost.GeneratorCores:0.00} cores, {cost.GeneratorCpuMicrosPerEvent:N1} µs CPU per event (+{g.StartupSeconds:0.00} s start-up)")
            : "generator CPU not read";
        var machine = cost.MachineBusyCores is { } busy ? string.Create(c, $"; machine {busy:0.00} cores busy") : "";
        var journal = cost.JournalCommitsPerSecond is { } commits
            ? string.Create(c, $"; journal {commits:N0} group commits/s, {cost.JournalBytesPerEvent:N0} payload bytes per event")
            : "";
        return $"{silo}; {generator}{machine}{journal}";
    }

    private async Task<(QueryMeasurement Grpc, QueryMeasurement Json)> WithQueriesAsync(
        QueryProbe queries, Task load, TimeSpan duration, CancellationToken cancellationToken)
    {
        // Let the generator connect and ramp up before the first query; stop before it drains.
        var lead = TimeSpan.FromSeconds(Math.Min(1, duration.TotalSeconds / 4));
        await Task.WhenAny(load, Task.Delay(lead, cancellationToken));
        var window = duration - lead - lead;
        var grpc = queries.RunGrpcAsync(window, options.QueryInterval, seed: 1, cancellationToken);
        var json = queries.RunJsonAsync(window, options.QueryInterval, seed: 2, cancellationToken);
        await Task.WhenAll(load, grpc, json);
        return (await grpc, await json);
    }

    private void AddPeak(FigureDefinition throughput, FigureDefinition p50, FigureDefinition p99, LoadGenResult result)
    {
        _figures.Add(throughput, result.EventsPerSecond);
        if (result.AckLatency.Count > 0)
        {
            _figures.Add(p50, result.AckLatency.P50Ms);
            _figures.Add(p99, result.AckLatency.P99Ms);
        }
    }

    private void AddQueries(FigureDefinition p50, FigureDefinition p99, string protocol, QueryMeasurement measurement)
    {
        var count = measurement.Latencies.Count;
        Log($"  {protocol} customer queries: {count:N0} answered, p50 {measurement.Latencies.Percentile(50):0.00} ms, p99 {measurement.Latencies.Percentile(99):0.00} ms ({measurement.NotFound} not found, {measurement.Failed} failed)");
        if (measurement.Failed > 0 || measurement.NotFound > 0)
        {
            _warnings.Add($"{protocol} customer queries: {measurement.NotFound} not found, {measurement.Failed} failed of {count + measurement.NotFound + measurement.Failed}");
        }

        if (count == 0)
        {
            _figures.Note(p50, "no query answered");
            _figures.Note(p99, "no query answered");
            return;
        }

        _figures.Add(p50, measurement.Latencies.Percentile(50));
        _figures.Add(p99, measurement.Latencies.Percentile(99));
    }

    private void AddPush(PushMeasurement push)
    {
        if (push.Latencies is not { Count: > 0 } latencies)
        {
            var reason = $"not measured: {push.NotMeasuredReason ?? "no update received"}";
            _figures.Note(Figures.PushP50, reason);
            _figures.Note(Figures.PushP99, reason);
            return;
        }

        _figures.Add(Figures.PushP50, latencies.Percentile(50));
        _figures.Add(Figures.PushP99, latencies.Percentile(99));
        Log($"  push latency: {latencies.Count} samples, p50 {latencies.Percentile(50):0} ms, p99 {latencies.Percentile(99):0} ms");
    }

    private void Log(string message)
    {
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed:mm\\:ss}] {message}"));
        progress.Flush();
    }
}
