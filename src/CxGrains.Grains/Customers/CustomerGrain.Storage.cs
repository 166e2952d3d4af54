using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace CxGrains.Grains.Customers;

// The customer's storage: its state written behind on the silo's clock, a write that meets another
// activation's merged with it, and the stored state followed while the cluster membership changes.
public sealed partial class CustomerGrain
{
    private static readonly TimeSpan StoredStateFollowInterval = TimeSpan.FromSeconds(1);

    // Each retry re-reads the stored state first; more conflicts in a row mean a live duplicate that
    // keeps writing, and the next write-behind round tries again.
    private const int MaxConflictMerges = 5;

    /// <inheritdoc />
    bool CustomerWriteBehind.IWriter.WantsWriteBehind => !_deactivating;

    /// <summary>The silo's write-behind clock says the changes are due.</summary>
    Task CustomerWriteBehind.IWriter.WriteBehindDueAsync()
    {
        _writeBehindEnlisted = false;

        // Deactivation writes the state itself.
        if (_deactivating || !_dirty)
        {
            return Task.CompletedTask;
        }

        if (Commit.Busy)
        {
            // A write is in flight: the changes since it started wait for the next round.
            EnlistWriteBehind();
            return Task.CompletedTask;
        }

        return WriteBehindAsync();
    }

    private void EnlistWriteBehind()
    {
        if (!_writeBehindEnlisted)
        {
            _writeBehindEnlisted = true;
            services.WriteBehind.Enlist(this);
        }
    }

    private async Task WriteBehindAsync()
    {
        try
        {
            await Commit.CommitAsync();
        }
        catch (Exception)
        {
            // Logged by WriteAsync; the state stays dirty and is retried next round.
        }

        if (_dirty && !_deactivating)
        {
            EnlistWriteBehind();
        }
        else if (_commit is { Busy: false } && !_dirty)
        {
            // Most customers are idle after a write: they keep no commit objects.
            _commit = null;
            if (_journaling is { Unjournaled: false })
            {
                _journaling = null;
            }
        }
    }

    private async Task WriteAsync()
    {
        // Cleared before the write: changes made while it is in flight mark the grain dirty again.
        _dirty = false;
        try
        {
            // The stored state never runs ahead of the journal: its sequence must be journaled.
            if (_journaling is { Unjournaled: true })
            {
                await _journaling.CommitAsync();
            }

            for (var attempt = 1; ; attempt++)
            {
                // The storage copies the state at the call, so the write holds exactly the events applied so far.
                // Without unsaved events the mark is epoch 0: a restart meanwhile (epoch 1 on) supersedes it.
                var mark = _unsaved?.Mark() ?? default;
                var sequence = _state.JournalSequence;
                try
                {
                    await services.Store.WriteAsync(this.GetGrainId(), this);
                    if (_unsaved is not null && _unsaved.Stored(mark))
                    {
                        _unsaved = null;
                    }

                    _storedSequence = sequence;
                    return;
                }
                catch (InconsistentStateException ex) when (attempt < MaxConflictMerges)
                {
                    // Another activation of this customer wrote since this one read: take the stored
                    // state and re-apply this activation's unsaved batches on it.
                    LogWriteConflict(services.Logger, ex.StoredEtag, ex.CurrentEtag, _unsaved?.Count ?? 0);
                }

                var stored = await services.Store.ReadAsync(this.GetGrainId());
                if (Durable)
                {
                    await MergeFromJournalAsync(stored);
                }
                else
                {
                    MergeWith(stored);
                }
            }
        }
        catch (Exception ex)
        {
            _dirty = true;
            LogWriteFailed(services.Logger, ex);
            throw;
        }
    }

    /// <summary>
    /// Started by an activation while the cluster membership is unsettled, when another activation
    /// of this customer may still be writing its last state on a stopping silo: re-reads the stored
    /// state every second until the membership has settled, and merges it when another activation
    /// wrote it. Without this a customer that gets no further event would answer queries from a
    /// stale read until it deactivates. Meanwhile reads catch up first too (<see cref="Following"/>),
    /// so that a query never answers from before a write the other activation has finished.
    /// </summary>
    private async Task FollowStoredStateAsync()
    {
        var churn = services.Churn;
        churn.Follow(this);
        try
        {
            var settled = false;
            while (!settled && !_deactivating)
            {
                await Task.Delay(StoredStateFollowInterval, services.Time);
                settled = !churn.Unsettled;
                await CatchUpWithStoredStateAsync();
            }
        }
        finally
        {
            churn.Unfollow(this);
        }
    }

    /// <summary>Merges the stored state when another activation wrote it since this one read or wrote it.</summary>
    private async Task CatchUpWithStoredStateAsync()
    {
        if (_deactivating || _commit is { Busy: true })
        {
            return;
        }

        try
        {
            var etag = _etag;
            var stored = await services.Store.ReadAsync(this.GetGrainId());

            // A write of ours that ran meanwhile, or one in flight now, settles it instead.
            if (stored.ETag != etag && _etag == etag && _commit is not { Busy: true } && !_deactivating)
            {
                LogStoredByOther(services.Logger, stored.ETag, etag);
                if (Durable)
                {
                    await MergeFromJournalAsync(stored);
                }
                else
                {
                    MergeWith(stored);
                }
            }
        }
        catch (Exception ex)
        {
            LogFollowFailed(services.Logger, ex);
        }
    }

    /// <summary>Ack mode applied: replaces the state by <paramref name="stored"/> plus this activation's unsaved events.</summary>
    private void MergeWith(GrainState<CustomerState> stored)
    {
        var merged = services.Merger.Start(stored.State, UnsavedFromEmpty, _state);
        var reapplied = services.Merger.ApplyUnsaved(merged, _unsaved);
        TakeMerged(merged, stored);
        LogMerged(services.Logger, reapplied, merged.EventCount);
    }

    private void TakeMerged(CustomerState merged, GrainState<CustomerState> stored)
    {
        _state = merged;
        _etag = stored.ETag;
        _recordExists = stored.RecordExists;
        if (merged.EventCount > 0)
        {
            ReportHealth(services.Time.GetUtcNow().UtcTicks);
        }
    }

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Customer state write met a version conflict (stored ETag {StoredEtag}, ours {CurrentEtag}): another activation wrote first; merging {Unsaved} unsaved events into the stored state")]
    private static partial void LogWriteConflict(ILogger logger, string? storedEtag, string? currentEtag, int unsaved);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Merged with the stored state: {Reapplied} events re-applied, {EventCount} events in all")]
    private static partial void LogMerged(ILogger logger, int reapplied, long eventCount);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Another activation of this customer stored its state (ETag {StoredEtag}, ours {CurrentEtag}) while the cluster membership changed; merging it")]
    private static partial void LogStoredByOther(ILogger logger, string? storedEtag, string? currentEtag);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Re-reading the stored customer state failed; the next write merges on conflict")]
    private static partial void LogFollowFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Writing customer state failed; it stays in memory and is retried")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);
}
