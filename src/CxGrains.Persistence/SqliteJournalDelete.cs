namespace CxGrains.Persistence;

/// <summary>
/// A journal delete for <see cref="SqliteWriteQueue"/>: one customer's entries, or one bounded
/// chunk of entries past retention. Completes with the number of rows deleted.
/// </summary>
internal sealed class SqliteJournalDelete : SqliteQueuedWrite<long>
{
    private readonly Func<SqliteStatements, long> _run;

    private SqliteJournalDelete(Func<SqliteStatements, long> run) => _run = run;

    public static SqliteJournalDelete Customer(string serviceId, string customerId) => new(writer =>
    {
        var command = writer.JournalErase;
        command.Parameters["$service"].Value = serviceId;
        command.Parameters["$customer"].Value = customerId;
        return command.ExecuteNonQuery();
    });

    public static SqliteJournalDelete OlderThan(long beforeTicks, int limit) => new(writer =>
    {
        var command = writer.JournalPruneChunk;
        command.Parameters["$before"].Value = beforeTicks;
        command.Parameters["$limit"].Value = limit;
        return command.ExecuteNonQuery();
    });

    protected override long Run(SqliteStatements writer) => _run(writer);
}
