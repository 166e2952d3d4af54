using System.Diagnostics;
using CxGrains.Abstractions;
using CxGrains.Abstractions.Journal;
using CxGrains.Abstractions.Recompute;
using CxGrains.Grains.Aggregates;
using CxGrains.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace CxGrains.Grains.Recompute;

/// <summary>
/// Coordinates recompute runs, one at a time per cluster: rebuilds the customers journaled since a time
/// from their whole retained journal with the current scoring code, and the touchpoint and segment
/// windows from the journal, while ingest goes on. The seam (docs/operations.md, "Recompute"):
/// <list type="number">
/// <item>scan the journal: the customers to rebuild (journaled at or after <c>from</c>) and those whose
/// recent events feed the windows;</item>
/// <item>pass 1: each customer replays its journal inside its grain (appends wait meanwhile), is rebuilt
/// if selected, and reports its events' window counts;</item>
/// <item>every aggregate reached begins a rebuild: from then on live deltas go into the new windows too;
/// the instant the last one began is the cut;</item>
/// <item>pass 2: customers that applied events between their pass-1 replay and the cut report those;</item>
/// <item>the replayed counts go to the rebuilds, and each aggregate switches to its new windows.</item>
/// </list>
/// Touchpoint counts of recent events carry their dedupe keys, so an event that both the replay and a
/// live delta bring counts once.
/// </summary>
// Reentrant: status queries are answered while the run awaits its calls; the run's own steps follow one another.
[Reentrant]
[GrainType("cx.recompute")]
public sealed partial class RecomputeGrain(
    [PersistentState(StorageNames.Recompute, StorageNames.Provider)] IPersistentState<RecomputeHistory> history,
    IOptions<DurabilityOptions> durability,
    IEventJournalStore journal,
    RecomputeMetrics metrics,
    TimeProvider time,
    ILogger<RecomputeGrain> logger) : Grain, IRecomputeGrain
{
    // Customer replays in flight at once, spread over the cluster's silos.
    private const int MaxCustomersInFlight = 32;

    // Aggregate calls in flight at once.
    private const int MaxAggregatesInFlight = 16;

    // Events occur up to this much before they are journaled and still land in the 24-hour window; the scan reaches back that far more.
    private static readonly TimeSpan WindowScanMargin = TimeSpan.FromHours(1);

    // After the cut: lets appends of events applied before it commit, so that pass 2 finds them in the journal.
    private static readonly TimeSpan CutSettle = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    // Set as the grain deactivates (its silo stops): the run ends, recorded as failed.
    private volatile bool _stopping;
    private RecomputeStatus? _running;
    private Task _run = Task.CompletedTask;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A run in progress died with the silo that ran it: say so; running it again is safe.
        var runs = history.State.Runs;
        var interrupted = runs.FindIndex(r => r.State == RecomputeState.Running);
        if (interrupted >= 0)
        {
            runs[interrupted] = runs[interrupted] with
            {
                State = RecomputeState.Failed,
                FinishedAtTicks = time.GetUtcNow().UtcTicks,
                Error = "interrupted: the silo running it stopped; start it again (a run is safe to repeat)",
            };
            await history.WriteStateAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stopping = true;
        try
        {
            await _run.WaitAsync(cancellationToken);
        }
        catch (Exception)
        {
            // The run recorded its failure.
        }
    }

    /// <inheritdoc />
    public async Task<RecomputeStart> Start(long fromTicks)
    {
        if (_running is { } running)
        {
            return new RecomputeStart(running, null, AlreadyRunning: true);
        }

        if (durability.Value.AckMode != AckMode.Durable)
        {
            return new RecomputeStart(null,
                "recompute rebuilds state from the event journal, which the cluster keeps only in ack mode durable " +
                "(Cx:Durability:AckMode=Durable); this cluster runs in ack mode applied", AlreadyRunning: false);
        }

        var status = new RecomputeStatus
        {
            RunId = Guid.NewGuid(),
            FromTicks = fromTicks,
            State = RecomputeState.Running,
            StartedAtTicks = time.GetUtcNow().UtcTicks,
            Phase = "scanning the journal",
        };
        _running = status;
        await RecordAsync(status);
        LogStarted(logger, status.RunId, new DateTimeOffset(fromTicks, TimeSpan.Zero));
        _run = RunAsync(status.RunId, fromTicks);
        return new RecomputeStart(status, null, AlreadyRunning: false);
    }

    /// <inheritdoc />
    public Task<RecomputeStatus?> Get(Guid runId) =>
        Task.FromResult(_running?.RunId == runId ? _running : history.State.Runs.Find(r => r.RunId == runId));

    private async Task RunAsync(Guid runId, long fromTicks)
    {
        var begun = new List<AggregateKey>();
        try
        {
            await RunPassesAsync(runId, fromTicks, begun);
        }
        catch (Exception ex)
        {
            LogFailed(logger, runId, ex);
            await Task.WhenAll(begun.Select(key => Aggregate(key).AbandonRebuild(runId).ContinueWith(_ => { }, TaskScheduler.Current)));
            await EndAsync(s => s with { State = RecomputeState.Failed, Error = ex.Message });
        }
    }

    private async Task RunPassesAsync(Guid runId, long fromTicks, List<AggregateKey> begun)
    {
        var startedAt = time.GetUtcNow();
        var windowFrom = startedAt - TimeSpan.FromDays(1) - WindowScanMargin;

        // 1. Which customers: rebuilt ones (journaled since `from`), and those whose recent events fill the windows.
        var rebuild = new HashSet<string>(StringComparer.Ordinal);
        var customers = new List<string>();
        await foreach (var entry in journal.ReadSinceAsync(fromTicks < windowFrom.UtcTicks ? new DateTimeOffset(fromTicks, TimeSpan.Zero) : windowFrom))
        {
            if (customers.Count == 0 || customers[^1] != entry.CustomerId)
            {
                customers.Add(entry.CustomerId);
            }

            if (entry.JournaledAtTicks >= fromTicks)
            {
                rebuild.Add(entry.CustomerId);
            }
        }

        Update(s => s with { CustomersTotal = customers.Count, Phase = "replaying customers" });

        // 2. Pass 1: replay every customer; rebuild the selected ones; collect their window counts.
        var rebuilds = new AggregateRebuilds();
        var lastSequence = new Dictionary<string, long>(customers.Count, StringComparer.Ordinal);
        var everything = new CustomerRecompute(false, windowFrom.UtcTicks, 0, long.MaxValue);
        var progress = Stopwatch.StartNew();
        await ForEachAsync(customers, MaxCustomersInFlight, async id =>
        {
            var selected = rebuild.Contains(id);
            var result = await GrainFactory.GetGrain<ICustomerGrain>(id).Recompute(everything with { Rebuild = selected });
            lastSequence[id] = result.LastSequence;
            rebuilds.Add(result.Contributions);
            metrics.Replayed(result.EntriesReplayed);
            Update(s => s with
            {
                CustomersDone = s.CustomersDone + 1,
                CustomersRebuilt = s.CustomersRebuilt + (selected ? 1 : 0),
                EntriesReplayed = s.EntriesReplayed + result.EntriesReplayed,
            });
            if (progress.Elapsed >= ProgressInterval)
            {
                progress.Restart();
                await ReportProgressAsync();
            }
        });

        // 3. The cut: every aggregate reached so far takes live deltas into its new windows too.
        Update(s => s with { Phase = "switching the windows" });
        await BeginAsync(runId, rebuilds.Aggregates, begun);
        var cut = time.GetUtcNow();
        await Task.Delay(CutSettle, time);

        // 4. Pass 2: events applied after a customer's pass-1 replay and before the cut reach the windows neither way yet.
        var catchUp = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var entry in journal.ReadSinceAsync(startedAt - TimeSpan.FromMinutes(1)))
        {
            if (entry.JournaledAtTicks < cut.UtcTicks && entry.Sequence > lastSequence.GetValueOrDefault(entry.CustomerId))
            {
                catchUp.TryAdd(entry.CustomerId, lastSequence.GetValueOrDefault(entry.CustomerId));
            }
        }

        var late = new AggregateRebuilds();
        await ForEachAsync([.. catchUp.Keys], MaxCustomersInFlight, async id =>
        {
            var result = await GrainFactory.GetGrain<ICustomerGrain>(id)
                .Recompute(everything with { AfterSequence = catchUp[id], AppliedBeforeTicks = cut.UtcTicks });
            late.Add(result.Contributions);
            Update(s => s with { EntriesReplayed = s.EntriesReplayed + result.EntriesReplayed });
        });

        // An aggregate first reached by the catch-up begins now: it misses live deltas merged between the cut and now.
        await BeginAsync(runId, late.Aggregates.Except(begun).ToList(), begun);

        // 5. The replayed counts go in, and every aggregate switches to its new windows.
        var lost = new List<AggregateKey>();
        await ForEachAsync(begun, MaxAggregatesInFlight, async key =>
        {
            var grain = Aggregate(key);
            var held = true;
            foreach (var delta in rebuilds.Deltas(key).Concat(late.Deltas(key)))
            {
                held &= await grain.AddRebuilt(runId, delta);
            }

            if (!(held && await grain.FinishRebuild(runId)))
            {
                lost.Add(key);
            }
        });

        if (lost.Count > 0)
        {
            throw new InvalidOperationException(
                $"{lost.Count} of {begun.Count} touchpoints and segments restarted during the run and kept their live windows " +
                $"(e.g. {lost[0].Kind.ToString().ToLowerInvariant()} '{lost[0].Id}'); customers were rebuilt; run it again");
        }

        begun.Clear();
        await EndAsync(s => s with { State = RecomputeState.Succeeded, AggregatesRebuilt = lost.Count == 0 ? rebuilds.Aggregates.Union(late.Aggregates).Count() : 0 });
    }

    private async Task BeginAsync(Guid runId, IEnumerable<AggregateKey> keys, List<AggregateKey> begun)
    {
        var list = keys.ToList();
        await ForEachAsync(list, MaxAggregatesInFlight, key => Aggregate(key).BeginRebuild(runId));
        begun.AddRange(list);
    }

    private IAggregateGrain Aggregate(AggregateKey key) => key.Kind == AggregateKind.Touchpoint
        ? GrainFactory.GetGrain<ITouchpointGrain>(key.Id)
        : GrainFactory.GetGrain<ISegmentGrain>(key.Id);

    // Runs `work` for each item with at most `limit` in flight, on this grain's scheduler (no locks needed).
    private async Task ForEachAsync<T>(IReadOnlyList<T> items, int limit, Func<T, Task> work)
    {
        var inFlight = new List<Task>(limit);
        foreach (var item in items)
        {
            if (_stopping)
            {
                throw new OperationCanceledException("interrupted: the silo running it is stopping; start it again (a run is safe to repeat)");
            }

            if (inFlight.Count >= limit)
            {
                var done = await Task.WhenAny(inFlight);
                inFlight.Remove(done);
                await done;
            }

            inFlight.Add(work(item));
            DelayDeactivation(TimeSpan.FromMinutes(10));
        }

        await Task.WhenAll(inFlight);
    }

    private void Update(Func<RecomputeStatus, RecomputeStatus> change) => _running = change(_running!);

    private async Task ReportProgressAsync()
    {
        var s = _running!;
        var rate = s.ReplayRate(time.GetUtcNow().UtcTicks);
        LogProgress(logger, s.RunId, s.CustomersDone, s.CustomersTotal, s.EntriesReplayed, rate);
        await RecordAsync(s);
    }

    private async Task EndAsync(Func<RecomputeStatus, RecomputeStatus> change)
    {
        var ended = change(_running!) with { FinishedAtTicks = time.GetUtcNow().UtcTicks, Phase = "done" };
        var rate = ended.ReplayRate(ended.FinishedAtTicks!.Value);
        metrics.Ended(ended.State == RecomputeState.Succeeded, rate);
        var seconds = TimeSpan.FromTicks(ended.FinishedAtTicks!.Value - ended.StartedAtTicks).TotalSeconds;
        LogEnded(logger, ended.RunId, ended.State, ended.CustomersRebuilt, ended.CustomersDone, ended.EntriesReplayed, rate,
            ended.AggregatesRebuilt, seconds);
        _running = null;
        await RecordAsync(ended);
    }

    private async Task RecordAsync(RecomputeStatus status)
    {
        var runs = history.State.Runs;
        var index = runs.FindIndex(r => r.RunId == status.RunId);
        if (index >= 0)
        {
            runs[index] = status;
        }
        else
        {
            runs.Add(status);
            if (runs.Count > RecomputeHistory.Kept)
            {
                runs.RemoveAt(0);
            }
        }

        try
        {
            await history.WriteStateAsync();
        }
        catch (Exception ex)
        {
            // The status stays in memory; the next record writes it.
            LogRecordFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Recompute {RunId} started for customers journaled since {From:o}")]
    private static partial void LogStarted(ILogger logger, Guid runId, DateTimeOffset from);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Information, Message = "Recompute {RunId}: {Done} of {Total} customers replayed, {Entries} entries, {Rate:F0} entries/s")]
    private static partial void LogProgress(ILogger logger, Guid runId, long done, long total, long entries, double rate);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Information, Message = "Recompute {RunId} {State}: {Rebuilt} customers rebuilt of {Replayed} replayed, {Entries} entries at {Rate:F0} entries/s, {Aggregates} touchpoints and segments rebuilt, in {Seconds:F1} s")]
    private static partial void LogEnded(ILogger logger, Guid runId, RecomputeState state, long rebuilt, long replayed, long entries, double rate, long aggregates, double seconds);

    [LoggerMessage(EventId = 2404, Level = LogLevel.Error, Message = "Recompute {RunId} failed")]
    private static partial void LogFailed(ILogger logger, Guid runId, Exception exception);

    [LoggerMessage(EventId = 2405, Level = LogLevel.Warning, Message = "Recording the recompute status failed; it is kept in memory")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception);
}
