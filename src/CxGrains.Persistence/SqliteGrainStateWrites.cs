using Microsoft.Data.Sqlite;

namespace CxGrains.Persistence;

/// <summary>
/// The writer connection's grain-state writes (insert, update and delete of one row), prepared once and run
/// through <see cref="SqliteRawStatement"/>: the row key is bound from the grain id's own UTF-8 bytes and the
/// payload from its buffer, so a write allocates nothing on the writer thread.
/// </summary>
internal sealed class SqliteGrainStateWrites : IDisposable
{
    private readonly Row _insert;
    private readonly Row _update;
    private readonly Row _delete;

    public SqliteGrainStateWrites(SqliteConnection connection)
    {
        _insert = new Row(new SqliteRawStatement(connection, SqliteGrainStorage.InsertSql), withPayload: true, withVersion: false);
        _update = new Row(new SqliteRawStatement(connection, SqliteGrainStorage.UpdateSql), withPayload: true, withVersion: true);
        _delete = new Row(new SqliteRawStatement(connection, SqliteGrainStorage.DeleteSql), withPayload: false, withVersion: true);
    }

    /// <summary>Runs one write and answers the rows it changed (0 when the row was not at the expected version).</summary>
    public int Run(SqliteWriteKind kind, ReadOnlySpan<byte> serviceId, GrainId grainId, string stateName, StatePayload? payload, long? expectedVersion)
    {
        var row = kind switch
        {
            SqliteWriteKind.Insert => _insert,
            SqliteWriteKind.Update => _update,
            _ => _delete,
        };
        var statement = row.Statement;
        statement.BindText(row.Service, serviceId);
        statement.BindText(row.Type, grainId.Type.AsSpan());
        statement.BindText(row.Key, grainId.Key.AsSpan());
        statement.BindText(row.State, stateName);
        if (row.Payload > 0)
        {
            var bytes = payload ?? throw new ArgumentNullException(nameof(payload), $"A {kind} needs a payload.");
            statement.BindBlob(row.Payload, bytes.Buffer.AsSpan(0, bytes.Length));
            statement.BindInt64(row.Now, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }

        if (row.Version > 0)
        {
            // A delete without a version clears whatever row is there.
            statement.BindInt64(row.Version, expectedVersion);
        }

        return statement.Execute();
    }

    public void Dispose()
    {
        _insert.Statement.Dispose();
        _update.Statement.Dispose();
        _delete.Statement.Dispose();
    }

    /// <summary>A statement with its parameters' indices, looked up once (0 where it has none).</summary>
    private sealed class Row(SqliteRawStatement statement, bool withPayload, bool withVersion)
    {
        public SqliteRawStatement Statement { get; } = statement;

        public int Service { get; } = statement.IndexOf("$service");

        public int Type { get; } = statement.IndexOf("$type");

        public int Key { get; } = statement.IndexOf("$key");

        public int State { get; } = statement.IndexOf("$state");

        public int Payload { get; } = withPayload ? statement.IndexOf("$payload") : 0;

        public int Now { get; } = withPayload ? statement.IndexOf("$now") : 0;

        public int Version { get; } = withVersion ? statement.IndexOf("$version") : 0;
    }
}
