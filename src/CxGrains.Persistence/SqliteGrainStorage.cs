using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace CxGrains.Persistence;

/// <summary>
/// Embedded grain storage in one SQLite file: the single-node default, no server to install.
/// </summary>
/// <remarks>
/// <para>
/// Rows are keyed by (service id, grain type, grain key, state name) with the key stored
/// verbatim, so no two grains share a row whatever their ids look like. The ETag is the row's
/// version number: a write must name the version it read (or none for a first write), otherwise
/// it fails with <see cref="InconsistentStateException"/>, as the Orleans providers do.
/// Clearing deletes the row.
/// </para>
/// <para>
/// Connections: SQLite allows one writer at a time, so all writes go through one connection and
/// its prepared statements (a pool of writers would only queue on the file lock), committed in
/// groups by <see cref="SqliteWriteQueue"/>: one transaction for whatever arrived while the last
/// one ran. Every write completes only once committed. Reads use a small pool of their own connections; WAL mode lets them run while
/// a write is in progress. The database is opened, and the folder and tables created, when the silo starts (or on
/// first use, without a silo lifecycle).
/// The event journal (<see cref="SqliteEventJournalStore"/>) lives in the same file and writes
/// through the same queue.
/// </para>
/// </remarks>
public sealed partial class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private const string KeyFilter =
        "service_id = $service AND grain_type = $type AND grain_key = $key AND state_name = $state";

    internal const string ReadSql = "SELECT version, payload FROM grain_state WHERE " + KeyFilter + ";";

    internal const string InsertSql = """
        INSERT INTO grain_state (service_id, grain_type, grain_key, state_name, version, payload, modified_at)
        VALUES ($service, $type, $key, $state, 1, $payload, $now)
        ON CONFLICT DO NOTHING;
        """;

    internal const string UpdateSql =
        "UPDATE grain_state SET version = version + 1, payload = $payload, modified_at = $now WHERE "
        + KeyFilter + " AND version = $version;";

    internal const string DeleteSql = "DELETE FROM grain_state WHERE " + KeyFilter + " AND ($version IS NULL OR version = $version);";

    // A million customers make a file of about a gigabyte: the default 2 MB page cache would send
    // most B-tree lookups of a write to the file. Negative cache_size is in KiB. The memory map lets
    // reads share the operating system's page cache instead of copying pages in with a read call each;
    // it covers such a file whole (SQLite caps it at its build's limit, 2 GiB by default).
    private const int CachePages = -32 * 1024;
    private const long MemoryMapBytes = 2L * 1024 * 1024 * 1024;

    // Pages the WAL may hold before a commit copies them into the file (SQLite's default is 1,000, 4 MB).
    // Customers are written in random order, each to a page of its own: a checkpoint copies every page the
    // log holds and syncs the file, so rarer checkpoints copy a hot page once for many writes and sync
    // less often. Updating 300,000 rows of 0.5–1.5 KB in Zipf order, 1,000 to a transaction, SQLite wrote
    // 24,500 rows a second with 16,384 pages (64 MB) and 14,300 with the default.
    private const int CheckpointPages = 16 * 1024;

    // Idle read connections kept open; more are opened under load and closed when returned.
    private static readonly int MaxIdleReaders = Math.Max(2, Environment.ProcessorCount);

    private readonly string _name;
    private readonly string _serviceId;
    private readonly byte[] _serviceIdUtf8;
    private readonly SqliteStorageOptions _options;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly ILogger<SqliteGrainStorage> _logger;
    private readonly string _connectionString;
    private readonly Lock _initLock = new();
    private readonly ConcurrentBag<SqliteStatements> _idleReaders = [];
    private SqliteStatements? _writer;
    private SqliteWriteQueue? _writes;
    private bool _disposed;

    /// <summary>Creates the store; nothing is opened until the first operation.</summary>
    /// <param name="name">The provider name, for messages.</param>
    /// <param name="serviceId">The cluster's service id, part of every row key.</param>
    /// <param name="options">Where the file lives and how writes are flushed.</param>
    /// <param name="serializer">Serializes grain state (CxGrains uses <see cref="StorageSerializer"/>).</param>
    /// <param name="activators">Creates empty state objects for missing or cleared rows.</param>
    /// <param name="logger">Where the upgrade of an older file is reported.</param>
    public SqliteGrainStorage(
        string name,
        string serviceId,
        SqliteStorageOptions options,
        IGrainStorageSerializer serializer,
        IActivatorProvider activators,
        ILogger<SqliteGrainStorage>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(serviceId);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(activators);
        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            throw new ArgumentException(
                $"SqliteStorageOptions.DataSource is required for SQLite grain storage '{name}'.", nameof(options));
        }

        _name = name;
        _serviceId = serviceId;
        _serviceIdUtf8 = Encoding.UTF8.GetBytes(serviceId);
        _options = options;
        _serializer = serializer;
        _activators = activators;
        _logger = logger ?? NullLogger<SqliteGrainStorage>.Instance;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(options.DataSource),
            Mode = SqliteOpenMode.ReadWriteCreate,
            // This class keeps its own connections open; pooling would only delay closing the file.
            Pooling = false,
        }.ToString();
    }

    /// <summary>The full path of the database file.</summary>
    public string FilePath => Path.GetFullPath(_options.DataSource);

    /// <summary>The service id every row of this store is scoped by.</summary>
    internal string ServiceId => _serviceId;

    /// <summary>The one writer's queue (opening the database on first use), shared with the event journal.</summary>
    internal SqliteWriteQueue Writes => EnsureInitialized();

    /// <summary>A read connection of its own, for a long read that should not hold a pooled one.</summary>
    internal SqliteConnection OpenReader()
    {
        EnsureInitialized();
        return Open();
    }

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        EnsureInitialized();
        var reader = RentReader();
        try
        {
            var command = reader.Read;
            Bind(command, stateName, grainId);
            using var row = command.ExecuteReader();
            if (row.Read())
            {
                var version = row.GetInt64(0);
                var payload = row.GetFieldValue<byte[]>(1);
                grainState.State = _serializer.Deserialize<T>(new BinaryData(payload)) ?? CreateEmpty<T>();
                grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
                grainState.RecordExists = true;
            }
            else
            {
                grainState.State = CreateEmpty<T>();
                grainState.ETag = null;
                grainState.RecordExists = false;
            }
        }
        finally
        {
            ReturnReader(reader);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var expected = ParseETag(grainState.ETag, stateName, grainId);

        // Serialized now, on the caller's turn: the grain may change its state while the write waits.
        var payload = StorageSerializer.Serialize(_serializer, grainState.State);
        var kind = expected is null ? SqliteWriteKind.Insert : SqliteWriteKind.Update;
        var changed = await EnsureInitialized().Enqueue(NewWrite(kind, stateName, grainId, payload, expected));
        if (changed != 1)
        {
            throw Conflict("WriteState", stateName, grainId, grainState.ETag);
        }

        grainState.ETag = ((expected ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var expected = ParseETag(grainState.ETag, stateName, grainId);

        // Without an ETag the grain never saw a row: clear whatever is there, as the AdoNet
        // provider does after re-reading.
        var changed = await EnsureInitialized().Enqueue(NewWrite(SqliteWriteKind.Delete, stateName, grainId, null, expected));
        if (expected is not null && changed != 1)
        {
            throw Conflict("ClearState", stateName, grainId, grainState.ETag);
        }

        grainState.State = CreateEmpty<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>
    /// Opens the file with the silo's storage stage: a file that cannot be opened stops the start, and a file in an
    /// older layout is upgraded before the silo becomes active, not inside the first request.
    /// </summary>
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe($"{nameof(SqliteGrainStorage)}-{_name}", ServiceLifecycleStage.RuntimeStorageServices, _ => Task.Run(EnsureInitialized));
    }

    /// <summary>Closes the database connections.</summary>
    public void Dispose()
    {
        lock (_initLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            // Let the queued writes commit before the connection closes.
            _writes?.Stop(TimeSpan.FromSeconds(10));
            _writer?.Dispose();
            _writer = null;
            _writes = null;
            while (_idleReaders.TryTake(out var reader))
            {
                reader.Dispose();
            }
        }

    }

    private SqliteWriteQueue EnsureInitialized()
    {
        if (Volatile.Read(ref _writes) is { } ready)
        {
            return ready;
        }

        lock (_initLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writes is not null)
            {
                return _writes;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            var connection = Open();
            try
            {
                using (var setup = connection.CreateCommand())
                {
                    // WAL is a property of the file and persists; synchronous is per connection.
                    setup.CommandText = "PRAGMA journal_mode=WAL;";
                    setup.ExecuteNonQuery();
                    var startedAt = Stopwatch.GetTimestamp();
                    if (SqliteGrainStateTable.UpgradeAsNeeded(connection) is { } moved)
                    {
                        var seconds = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
                        LogTableUpgraded(_name, FilePath, moved, seconds);
                    }

                    setup.CommandText = SqliteJournalSql.CreateTable;
                    setup.ExecuteNonQuery();
                    setup.CommandText = SqliteJournalSql.HasOriginColumn;
                    if (Convert.ToInt64(setup.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
                    {
                        setup.CommandText = SqliteJournalSql.AddOriginColumns;
                        setup.ExecuteNonQuery();
                    }

                    setup.CommandText = SqliteJournalSql.CreateOriginIndex;
                    setup.ExecuteNonQuery();
                }

                _writer = new SqliteStatements(connection, forWriting: true);
                Volatile.Write(ref _writes, new SqliteWriteQueue(_writer));
                return _writes;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA synchronous={(_options.FlushEveryWrite ? "FULL" : "NORMAL")}; PRAGMA busy_timeout={(long)_options.BusyTimeout.TotalMilliseconds}; PRAGMA cache_size={CachePages}; PRAGMA mmap_size={MemoryMapBytes}; PRAGMA wal_autocheckpoint={CheckpointPages};");
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    internal SqliteStatements RentReader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _idleReaders.TryTake(out var reader) ? reader : new SqliteStatements(Open(), forWriting: false);
    }

    internal void ReturnReader(SqliteStatements reader)
    {
        if (_disposed || _idleReaders.Count >= MaxIdleReaders)
        {
            reader.Dispose();
            return;
        }

        _idleReaders.Add(reader);
    }

    private SqliteWrite NewWrite(SqliteWriteKind kind, string stateName, GrainId grainId, StatePayload? payload, long? expectedVersion) =>
        new(kind, _serviceIdUtf8, grainId, stateName, payload, expectedVersion);

    private void Bind(SqliteCommand command, string stateName, GrainId grainId) =>
        SqliteStatements.BindKey(command, _serviceId, grainId.Type.ToString()!, grainId.Key.ToString()!, stateName);

    private long? ParseETag(string? etag, string stateName, GrainId grainId)
    {
        if (string.IsNullOrEmpty(etag))
        {
            return null;
        }

        return long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw Conflict("ParseETag", stateName, grainId, etag);
    }

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag) =>
        new($"Version conflict ({operation}): ProviderName={_name} ServiceId={_serviceId} GrainId={grainId} StateName={stateName} ETag={etag ?? "(none)"}.");

    private T CreateEmpty<T>() => _activators.GetActivator<T>().Create();

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite grain storage {Name}: moved {Rows} rows of {File} into the grain_state table with row ids in {Seconds:0.0} s")]
    private partial void LogTableUpgraded(string name, string file, long rows, double seconds);
}
