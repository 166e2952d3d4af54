using CxGrains.Abstractions.Journal;

namespace CxGrains.Persistence;

/// <summary>
/// A group of journal entries for <see cref="SqliteWriteQueue"/>: inserted in the writer's
/// transaction, each entry that changed no row a conflict, and a customer's entries all or none
/// (<see cref="CustomerConflicts"/>).
/// </summary>
internal sealed class SqliteJournalAppend(string serviceId, IReadOnlyList<JournalEntry> entries, JournalGroup group)
    : SqliteQueuedWrite<IReadOnlyList<JournalConflict>>
{
    protected override IReadOnlyList<JournalConflict> Run(SqliteStatements writer)
    {
        var command = writer.JournalInsert;
        var parameters = command.Parameters;
        parameters["$service"].Value = serviceId;
        parameters["$origin"].Value = group.Origin;
        parameters["$group"].Value = group.Number;
        var written = new bool[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            parameters["$customer"].Value = entry.CustomerId;
            parameters["$sequence"].Value = entry.Sequence;
            parameters["$event"].Value = entry.EventId;
            parameters["$touchpoint"].Value = entry.TouchpointId;
            parameters["$occurred"].Value = entry.OccurredAtTicks;
            parameters["$journaled"].Value = entry.JournaledAtTicks;
            parameters["$payload"].Value = entry.Payload;
            written[i] = command.ExecuteNonQuery() > 0;
        }

        var conflicts = CustomerConflicts.Of(entries, written, out var withdrawn);
        var withdraw = writer.JournalWithdraw;
        withdraw.Parameters["$service"].Value = serviceId;
        foreach (var entry in withdrawn)
        {
            withdraw.Parameters["$customer"].Value = entry.CustomerId;
            withdraw.Parameters["$sequence"].Value = entry.Sequence;
            withdraw.ExecuteNonQuery();
        }

        return conflicts;
    }
}
