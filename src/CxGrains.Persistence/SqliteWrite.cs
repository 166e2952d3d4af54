namespace CxGrains.Persistence;

/// <summary>What a queued write does to its row.</summary>
internal enum SqliteWriteKind
{
    /// <summary>A first write: inserts the row at version 1 unless it exists.</summary>
    Insert,

    /// <summary>Replaces the payload if the row is at <see cref="SqliteWrite.ExpectedVersion"/>.</summary>
    Update,

    /// <summary>Deletes the row (if at <see cref="SqliteWrite.ExpectedVersion"/>, when one is given).</summary>
    Delete,
}

/// <summary>
/// One grain-state write waiting for <see cref="SqliteWriteQueue"/>, with everything bound up front
/// so the queue never touches the grain's objects. Completes with the number of rows changed, and
/// gives its payload's rented buffer back once it has run for good.
/// </summary>
internal sealed class SqliteWrite(
    SqliteWriteKind kind, string serviceId, string grainType, string grainKey, string stateName, StatePayload? payload, long? expectedVersion)
    : SqliteQueuedWrite<int>
{
    public SqliteWriteKind Kind { get; } = kind;

    public string ServiceId { get; } = serviceId;

    public string GrainType { get; } = grainType;

    public string GrainKey { get; } = grainKey;

    public string StateName { get; } = stateName;

    public StatePayload? Payload { get; } = payload;

    public long? ExpectedVersion { get; } = expectedVersion;

    protected override int Run(SqliteStatements writer)
    {
        var command = Kind switch
        {
            SqliteWriteKind.Insert => writer.Insert,
            SqliteWriteKind.Update => writer.Update,
            _ => writer.Delete,
        };
        SqliteStatements.BindKey(command, ServiceId, GrainType, GrainKey, StateName);
        if (Kind != SqliteWriteKind.Delete && Payload is { } payload)
        {
            // Size binds the payload's bytes only, without a copy (Microsoft.Data.Sqlite 11 on).
            var parameter = command.Parameters["$payload"];
            parameter.Value = payload.Buffer;
            parameter.Size = payload.Length;
            command.Parameters["$now"].Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        }

        if (Kind != SqliteWriteKind.Insert)
        {
            // Delete without a version clears whatever row is there.
            command.Parameters["$version"].Value = (object?)ExpectedVersion ?? DBNull.Value;
        }

        return command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    protected override void Finished() => Payload?.Release();
}
