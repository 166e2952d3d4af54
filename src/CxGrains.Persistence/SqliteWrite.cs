namespace CxGrains.Persistence;

/// <summary>What a queued write does to its row.</summary>
internal enum SqliteWriteKind
{
    /// <summary>A first write: inserts the row at version 1 unless it exists.</summary>
    Insert,

    /// <summary>Replaces the payload if the row is at the version the grain read.</summary>
    Update,

    /// <summary>Deletes the row (if at the version the grain read, when it read one).</summary>
    Delete,
}

/// <summary>
/// One grain-state write waiting for <see cref="SqliteWriteQueue"/>, with everything bound up front
/// so the queue never touches the grain's objects (a grain id is immutable). Completes with the number
/// of rows changed, and gives its payload's rented buffer back once it has run for good.
/// </summary>
internal sealed class SqliteWrite(
    SqliteWriteKind kind, byte[] serviceId, GrainId grainId, string stateName, StatePayload? payload, long? expectedVersion)
    : SqliteQueuedWrite<int>
{
    protected override int Run(SqliteStatements writer) =>
        writer.GrainStateWrites.Run(kind, serviceId, grainId, stateName, payload, expectedVersion);

    /// <inheritdoc />
    protected override void Finished() => payload?.Release();
}
