using CxGrains.Abstractions;
using CxGrains.Abstractions.Recompute;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CxGrains.Grains.Customers;

// Ack mode durable: the event journal behind the customer's state. An activation replays the entries after
// its stored state, a write conflict merges from the journal, and a recompute rebuilds the state from it.
public sealed partial class CustomerGrain
{
    /// <inheritdoc />
    public async Task<CustomerRecomputed> Recompute(CustomerRecompute request)
    {
        if (!Durable)
        {
            throw new InvalidOperationException("A recompute needs the event journal, which only ack mode durable keeps.");
        }

        var customerId = this.GetPrimaryKeyString();
        var now = services.Time.GetUtcNow().UtcTicks;
        CustomerRecomputed result;
        var rebuild = false;

        // Like a conflict merge: appends wait while the journal is read, and events applied meanwhile
        // (still unjournaled) are replayed after the journaled ones, so none is lost or applied twice.
        var journaling = Journaling;
        await journaling.PauseAsync();
        try
        {
            IReadOnlyList<JournaledEvent> journaled;
            try
            {
                journaled = await ServiceProvider.GetRequiredService<CustomerJournal>().ReadAfterAsync(customerId, 0);
            }
            catch (Exception ex)
            {
                throw StorageUnavailableException.Because("the customer's journal could not be read", ex);
            }

            // The state's sequence counts the unjournaled events after the last journaled one.
            var unjournaledCount = journaling.Rebase(0).Count;
            var lastJournaled = Math.Max(journaled.Count == 0 ? 0 : journaled[^1].Sequence, _state.JournalSequence - unjournaledCount);
            var unjournaled = journaling.Rebase(lastJournaled, journaled);
            var (rebuilt, replayed) = ServiceProvider.GetRequiredService<CustomerRecomputation>()
                .Replay(customerId, journaled, unjournaled, lastJournaled + 1, now, request);
            result = replayed;

            // Nothing retained (erased meanwhile, or pruned): nothing to rebuild from, and the state stays.
            rebuild = request.Rebuild && replayed.EntriesReplayed > 0;
            if (rebuild)
            {
                // What the segments count this customer as stays the baseline: the band move is reported as usual.
                var old = _state;
                CustomerStateMerger.KeepReported(rebuilt, old);

                // Not events, so not in the journal: an admin's override stays, and past days keep the
                // health they showed then (each point names its metric version); today's is re-scored.
                rebuilt.Override = old.Override;
                rebuilt.History = old.History;
                rebuilt.JournalSequence = lastJournaled + unjournaled.Count;
                _state = rebuilt;
                if (rebuilt.EventCount > 0)
                {
                    ReportHealth(now);
                }

                _dirty = true;
                Commit.Changed();
            }
        }
        finally
        {
            journaling.Resume();
        }

        if (rebuild)
        {
            // Stored at once, so a restart replays the journal on the rebuilt state rather than the old one.
            await Commit.CommitAsync();
        }

        return result;
    }

    /// <summary>
    /// Ack mode durable, on activation: applies the journal's entries after the stored state's
    /// sequence (events acked before a crash, or before a stop that could not write the state).
    /// </summary>
    private async Task ReplayJournalAsync()
    {
        IReadOnlyList<JournaledEvent> later;
        try
        {
            later = await ServiceProvider.GetRequiredService<CustomerJournal>().ReadAfterAsync(this.GetPrimaryKeyString(), _state.JournalSequence);
        }
        catch (Exception ex)
        {
            throw StorageUnavailableException.Because("the customer's journal could not be read", ex);
        }

        if (later.Count > 0)
        {
            ApplyJournaled(later);
            LogReplayed(services.Logger, later.Count, later[^1].Sequence);
        }
    }

    /// <summary>
    /// Applies journaled events this activation has not seen: on activation, or when another
    /// activation journaled first (<see cref="CustomerJournaling"/>).
    /// </summary>
    private void ApplyJournaled(IReadOnlyList<JournaledEvent> journaled)
    {
        if (journaled.Count == 0)
        {
            return;
        }

        services.Merger.ApplyJournaled(_state, journaled);
        ReportHealth(services.Time.GetUtcNow().UtcTicks);
        _dirty = true;
        Commit.Changed();
        EnlistWriteBehind();
    }

    /// <summary>
    /// Ack mode durable: replaces the state by <paramref name="stored"/> plus the journal's entries
    /// after it (this activation's and any other's) plus this activation's events not yet appended,
    /// renumbered after them. Appends wait meanwhile, so the journal holds still while it is read.
    /// </summary>
    private async Task MergeFromJournalAsync(GrainState<CustomerState> stored)
    {
        var journaling = Journaling;
        await journaling.PauseAsync();
        try
        {
            var after = UnsavedFromEmpty || stored.State is null ? 0 : stored.State.JournalSequence;
            var journaled = await ServiceProvider.GetRequiredService<CustomerJournal>().ReadAfterAsync(this.GetPrimaryKeyString(), after);

            // Taken over once the read is done: calls that interleaved with it may have reported meanwhile.
            var merged = services.Merger.Start(stored.State, UnsavedFromEmpty, _state);
            services.Merger.ApplyJournaled(merged, journaled);
            var unjournaled = journaling.Rebase(merged.JournalSequence, journaled);
            services.Merger.ApplyUnjournaled(merged, unjournaled);
            TakeMerged(merged, stored);
            LogMerged(services.Logger, journaled.Count + unjournaled.Count, merged.EventCount);
        }
        finally
        {
            journaling.Resume();
        }
    }

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Replayed {Count} journaled events after the stored state, through sequence {Sequence}")]
    private static partial void LogReplayed(ILogger logger, int count, long sequence);
}
