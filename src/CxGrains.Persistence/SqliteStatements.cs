using Microsoft.Data.Sqlite;

namespace CxGrains.Persistence;

/// <summary>
/// One SQLite connection with the grain-state and event-journal statements prepared once. Not
/// thread-safe: used by one caller at a time.
/// </summary>
internal sealed class SqliteStatements : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteGrainStateWrites? _grainStateWrites;

    public SqliteStatements(SqliteConnection connection, bool forWriting)
    {
        _connection = connection;
        Read = Prepare(SqliteGrainStorage.ReadSql);
        JournalReadCustomer = PrepareJournal(SqliteJournalSql.ReadCustomer, ("$service", SqliteType.Text), ("$customer", SqliteType.Text), ("$after", SqliteType.Integer));
        if (forWriting)
        {
            _grainStateWrites = new SqliteGrainStateWrites(connection);
            JournalInsert = PrepareJournal(
                SqliteJournalSql.Insert,
                ("$service", SqliteType.Text), ("$customer", SqliteType.Text), ("$sequence", SqliteType.Integer), ("$event", SqliteType.Text),
                ("$touchpoint", SqliteType.Text), ("$occurred", SqliteType.Integer), ("$journaled", SqliteType.Integer), ("$payload", SqliteType.Blob),
                ("$origin", SqliteType.Text), ("$group", SqliteType.Integer));
            JournalWithdraw = PrepareJournal(
                SqliteJournalSql.Withdraw, ("$service", SqliteType.Text), ("$customer", SqliteType.Text), ("$sequence", SqliteType.Integer));
            JournalErase = PrepareJournal(SqliteJournalSql.Erase, ("$service", SqliteType.Text), ("$customer", SqliteType.Text));
            JournalPruneChunk = PrepareJournal(SqliteJournalSql.PruneChunk, ("$before", SqliteType.Integer), ("$limit", SqliteType.Integer));
        }
    }

    public SqliteCommand Read { get; }

    public SqliteGrainStateWrites GrainStateWrites => _grainStateWrites ?? throw new InvalidOperationException("Read-only connection.");

    public SqliteCommand JournalReadCustomer { get; }

    public SqliteCommand JournalInsert { get => field ?? throw new InvalidOperationException("Read-only connection."); }

    public SqliteCommand JournalWithdraw { get => field ?? throw new InvalidOperationException("Read-only connection."); }

    public SqliteCommand JournalErase { get => field ?? throw new InvalidOperationException("Read-only connection."); }

    public SqliteCommand JournalPruneChunk { get => field ?? throw new InvalidOperationException("Read-only connection."); }

    /// <summary>The writer's transaction in progress, if any: ad-hoc commands must join it.</summary>
    public SqliteTransaction? Transaction { get; private set; }

    /// <summary>
    /// Enlists every write statement in <paramref name="transaction"/> (or none): Microsoft.Data.Sqlite
    /// refuses a command whose transaction is not the connection's current one.
    /// </summary>
    public void SetTransaction(SqliteTransaction? transaction)
    {
        Transaction = transaction;
        JournalInsert.Transaction = transaction;
        JournalWithdraw.Transaction = transaction;
        JournalErase.Transaction = transaction;
        JournalPruneChunk.Transaction = transaction;
    }

    /// <summary>Binds the row key (service id, grain type, grain key, state name) shared by every statement.</summary>
    public static void BindKey(SqliteCommand command, string serviceId, string grainType, string grainKey, string stateName)
    {
        command.Parameters["$service"].Value = serviceId;
        command.Parameters["$type"].Value = grainType;
        command.Parameters["$key"].Value = grainKey;
        command.Parameters["$state"].Value = stateName;
    }

    /// <summary>The connection the statements run on.</summary>
    public SqliteConnection Connection => _connection;

    public void Dispose()
    {
        // Statements of its own are finalized before the connection closes.
        _grainStateWrites?.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand PrepareJournal(string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        command.Prepare();
        return command;
    }

    private SqliteCommand Prepare(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("$service", SqliteType.Text);
        command.Parameters.Add("$type", SqliteType.Text);
        command.Parameters.Add("$key", SqliteType.Text);
        command.Parameters.Add("$state", SqliteType.Text);
        command.Prepare();
        return command;
    }
}
