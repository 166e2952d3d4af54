using CxGrains.Abstractions.Journal;

namespace CxGrains.Persistence;

/// <summary>
/// A group of journal entries for <see cref="SqliteWriteQueue"/>: inserted in the writer's
/// transaction, each entry that changed no row reported as a conflict.
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
        List<JournalConflict>? conflicts = null;
        foreach (var entry in entries)
        {
            parameters["$customer"].Value = entry.CustomerId;
            parameters["$sequence"].Value = entry.Sequence;
            parameters["$event"].Value = entry.EventId;
            parameters["$touchpoint"].Value = entry.TouchpointId;
            parameters["$occurred"].Value = entry.OccurredAtTicks;
            parameters["$journaled"].Value = entry.JournaledAtTicks;
            parameters["$payload"].Value = entry.Payload;
            if (command.ExecuteNonQuery() == 0)
            {
                (conflicts ??= []).Add(new JournalConflict(entry.CustomerId, entry.Sequence));
            }
        }

        return conflicts ?? (IReadOnlyList<JournalConflict>)[];
    }
}
