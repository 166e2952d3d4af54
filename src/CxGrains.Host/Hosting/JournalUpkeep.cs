using CxGrains.Abstractions.Journal;
using CxGrains.Grains.Background;
using CxGrains.Persistence;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Hosting;

/// <summary>
/// Keeps the event journal ready and within its retention: at start and then every hour, makes
/// ready tomorrow's storage (PostgreSQL's daily partition, created ahead so that no append waits
/// for it) and prunes what is older than <c>Cx:Journal:RetentionDays</c> (PostgreSQL drops whole
/// days). Every silo runs it: both steps are idempotent and take their own locks.
/// </summary>
public sealed partial class JournalUpkeep(
    IEventJournalStore journal,
    IOptions<JournalOptions> options,
    TimeProvider time,
    ILogger<JournalUpkeep> logger) : SiloBackgroundLoop(time, Period)
{
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    private bool _started;

    /// <inheritdoc />
    protected override int Stage => ServiceLifecycleStage.Active;

    /// <inheritdoc />
    // The first pass runs as soon as the silo is active, without delaying its start.
    protected override ValueTask<bool> WaitForNextPassAsync(CancellationToken stopping)
    {
        if (!_started)
        {
            _started = true;
            return ValueTask.FromResult(true);
        }

        return base.WaitForNextPassAsync(stopping);
    }

    /// <inheritdoc />
    protected override async Task RunOnceAsync(CancellationToken stopping)
    {
        var now = Time.GetUtcNow();
        await journal.PrepareAsync(now.AddDays(1), stopping);
        var pruned = await journal.PruneAsync(now.AddDays(-options.Value.RetentionDays), stopping);
        if (pruned.RowsDeleted > 0 || pruned.PartitionsDropped > 0)
        {
            LogPruned(logger, pruned.RowsDeleted, pruned.PartitionsDropped, options.Value.RetentionDays);
        }
    }

    /// <inheritdoc />
    protected override void LogPassFailed(Exception exception) => LogUpkeepFailed(logger, exception);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Event journal pruned: {Rows} entries older than {RetentionDays} days removed ({Partitions} daily partitions dropped)")]
    private static partial void LogPruned(ILogger logger, long rows, int partitions, int retentionDays);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Event journal upkeep failed (partitions ahead, pruning); retried in an hour")]
    private static partial void LogUpkeepFailed(ILogger logger, Exception exception);
}
