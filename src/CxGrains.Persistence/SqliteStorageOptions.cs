namespace CxGrains.Persistence;

/// <summary>Options of the embedded SQLite grain store (<see cref="SqliteGrainStorage"/>).</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>
    /// Path of the database file, e.g. <c>data/grains.db</c>. Relative paths resolve against the
    /// current directory; the folder is created on first use. Required.
    /// </summary>
    public string DataSource { get; set; } = string.Empty;

    /// <summary>
    /// When <see langword="true"/>, every write is flushed to disk before it is acknowledged
    /// (<c>PRAGMA synchronous=FULL</c>), which survives power loss but costs an fsync per write.
    /// The default (<see langword="false"/>, <c>synchronous=NORMAL</c> in WAL mode) survives a
    /// process crash and only risks the last moments of writes on an operating-system crash.
    /// </summary>
    public bool FlushEveryWrite { get; set; }

    /// <summary>How long a write waits for a lock held by another process before failing. Default 5 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
