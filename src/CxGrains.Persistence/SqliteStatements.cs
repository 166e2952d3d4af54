using Microsoft.Data.Sqlite;

namespace CxGrains.Persistence;

/// <summary>
/// One SQLite connection with the grain-state statements prepared once. Not thread-safe: used by
/// one caller at a time.
/// </summary>
internal sealed class SqliteStatements : IDisposable
{
    private readonly SqliteConnection _connection;

    public SqliteStatements(SqliteConnection connection, bool forWriting)
    {
        _connection = connection;
        Read = Prepare(SqliteGrainStorage.ReadSql, withPayload: false, withVersion: false);
        if (forWriting)
        {
            Insert = Prepare(SqliteGrainStorage.InsertSql, withPayload: true, withVersion: false);
            Update = Prepare(SqliteGrainStorage.UpdateSql, withPayload: true, withVersion: true);
            Delete = Prepare(SqliteGrainStorage.DeleteSql, withPayload: false, withVersion: true);
        }
    }

    public SqliteCommand Read { get; }

    public SqliteCommand Insert { get => field ?? throw new InvalidOperationException("Read-only connection."); }

    public SqliteCommand Update { get => field ?? throw new InvalidOperationException("Read-only connection."); }

    public SqliteCommand Delete { get => field ?? throw new InvalidOperationException("Read-only connection."); }

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

    public void Dispose() => _connection.Dispose();

    private SqliteCommand Prepare(string sql, bool withPayload, bool withVersion)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("$service", SqliteType.Text);
        command.Parameters.Add("$type", SqliteType.Text);
        command.Parameters.Add("$key", SqliteType.Text);
        command.Parameters.Add("$state", SqliteType.Text);
        if (withPayload)
        {
            command.Parameters.Add("$payload", SqliteType.Blob);
            command.Parameters.Add("$now", SqliteType.Integer);
        }

        if (withVersion)
        {
            command.Parameters.Add("$version", SqliteType.Integer);
        }

        command.Prepare();
        return command;
    }
}
