namespace CxGrains.Persistence;

/// <summary>A change to the journal's writers (<c>cx_journal_origin</c>), queued on the store's one writer thread.</summary>
internal sealed class SqliteJournalOriginWrite : SqliteQueuedWrite<int>
{
    private readonly string _sql;
    private readonly (string Name, object Value)[] _parameters;

    private SqliteJournalOriginWrite(string sql, params (string, object)[] parameters)
    {
        _sql = sql;
        _parameters = parameters;
    }

    public static SqliteJournalOriginWrite Register(string serviceId, string origin, long nowTicks) =>
        new(SqliteJournalSql.RegisterOrigin, ("$service", serviceId), ("$origin", origin), ("$now", nowTicks));

    public static SqliteJournalOriginWrite Delivered(string serviceId, string origin, long through) =>
        new(SqliteJournalSql.SetDelivered, ("$service", serviceId), ("$origin", origin), ("$through", through));

    public static SqliteJournalOriginWrite Forget(string serviceId, string origin) =>
        new(SqliteJournalSql.ForgetOrigin, ("$service", serviceId), ("$origin", origin));

    // Rare (once a second per silo at most): a command made per run is cheaper than a prepared one kept for it.
    protected override int Run(SqliteStatements writer)
    {
        using var command = writer.Connection.CreateCommand();
        command.CommandText = _sql;
        command.Transaction = writer.Transaction;
        foreach (var (name, value) in _parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }
}
