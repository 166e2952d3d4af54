using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
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
/// Connections: SQLite allows one writer at a time, so all writes go through one connection
/// behind an async gate, reusing its prepared statements (a pool of writers would only queue on
/// the file lock). Reads use a small pool of their own connections; WAL mode lets them run while
/// a write is in progress. The database is opened, and the folder and table created, on first use.
/// </para>
/// </remarks>
public sealed class SqliteGrainStorage : IGrainStorage, IDisposable
{
    private const string CreateTableSql = """
        CREATE TABLE IF NOT EXISTS grain_state
        (
            service_id  TEXT    NOT NULL,
            grain_type  TEXT    NOT NULL,
            grain_key   TEXT    NOT NULL,
            state_name  TEXT    NOT NULL,
            version     INTEGER NOT NULL,
            payload     BLOB    NOT NULL,
            modified_at INTEGER NOT NULL,
            PRIMARY KEY (service_id, grain_type, grain_key, state_name)
        ) WITHOUT ROWID;
        """;

    private const string KeyFilter =
        "service_id = $service AND grain_type = $type AND grain_key = $key AND state_name = $state";

    private const string ReadSql = "SELECT version, payload FROM grain_state WHERE " + KeyFilter + ";";

    private const string InsertSql = """
        INSERT INTO grain_state (service_id, grain_type, grain_key, state_name, version, payload, modified_at)
        VALUES ($service, $type, $key, $state, 1, $payload, $now)
        ON CONFLICT DO NOTHING;
        """;

    private const string UpdateSql =
        "UPDATE grain_state SET version = version + 1, payload = $payload, modified_at = $now WHERE "
        + KeyFilter + " AND version = $version;";

    private const string DeleteSql = "DELETE FROM grain_state WHERE " + KeyFilter + " AND ($version IS NULL OR version = $version);";

    // Idle read connections kept open; more are opened under load and closed when returned.
    private static readonly int MaxIdleReaders = Math.Max(2, Environment.ProcessorCount);

    private readonly string _name;
    private readonly string _serviceId;
    private readonly SqliteStorageOptions _options;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Lock _initLock = new();
    private readonly ConcurrentBag<Statements> _idleReaders = [];
    private Statements? _writer;
    private bool _disposed;

    /// <summary>Creates the store; nothing is opened until the first operation.</summary>
    /// <param name="name">The provider name, for messages.</param>
    /// <param name="serviceId">The cluster's service id, part of every row key.</param>
    /// <param name="options">Where the file lives and how writes are flushed.</param>
    /// <param name="serializer">Serializes grain state (CxGrains uses <see cref="StorageSerializer"/>).</param>
    /// <param name="activators">Creates empty state objects for missing or cleared rows.</param>
    public SqliteGrainStorage(
        string name,
        string serviceId,
        SqliteStorageOptions options,
        IGrainStorageSerializer serializer,
        IActivatorProvider activators)
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
        _options = options;
        _serializer = serializer;
        _activators = activators;
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
        var payload = _serializer.Serialize(grainState.State).ToArray();
        var writer = EnsureInitialized();

        await _writeGate.WaitAsync();
        int changed;
        try
        {
            var command = expected is null ? writer.Insert : writer.Update;
            Bind(command, stateName, grainId);
            command.Parameters["$payload"].Value = payload;
            command.Parameters["$now"].Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            if (expected is { } version)
            {
                command.Parameters["$version"].Value = version;
            }

            changed = command.ExecuteNonQuery();
        }
        finally
        {
            _writeGate.Release();
        }

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
        var writer = EnsureInitialized();

        await _writeGate.WaitAsync();
        int changed;
        try
        {
            var command = writer.Delete;
            Bind(command, stateName, grainId);
            // Without an ETag the grain never saw a row: clear whatever is there, as the
            // AdoNet provider does after re-reading.
            command.Parameters["$version"].Value = (object?)expected ?? DBNull.Value;
            changed = command.ExecuteNonQuery();
        }
        finally
        {
            _writeGate.Release();
        }

        if (expected is not null && changed != 1)
        {
            throw Conflict("ClearState", stateName, grainId, grainState.ETag);
        }

        grainState.State = CreateEmpty<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
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
            _writer?.Dispose();
            _writer = null;
            while (_idleReaders.TryTake(out var reader))
            {
                reader.Dispose();
            }
        }

        _writeGate.Dispose();
    }

    private Statements EnsureInitialized()
    {
        if (Volatile.Read(ref _writer) is { } ready)
        {
            return ready;
        }

        lock (_initLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is not null)
            {
                return _writer;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            var connection = Open();
            try
            {
                using (var setup = connection.CreateCommand())
                {
                    // WAL is a property of the file and persists; synchronous is per connection.
                    setup.CommandText = "PRAGMA journal_mode=WAL;" + CreateTableSql;
                    setup.ExecuteNonQuery();
                }

                Volatile.Write(ref _writer, new Statements(connection, forWriting: true));
                return _writer;
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
                $"PRAGMA synchronous={(_options.FlushEveryWrite ? "FULL" : "NORMAL")}; PRAGMA busy_timeout={(long)_options.BusyTimeout.TotalMilliseconds};");
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private Statements RentReader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _idleReaders.TryTake(out var reader) ? reader : new Statements(Open(), forWriting: false);
    }

    private void ReturnReader(Statements reader)
    {
        if (_disposed || _idleReaders.Count >= MaxIdleReaders)
        {
            reader.Dispose();
            return;
        }

        _idleReaders.Add(reader);
    }

    private void Bind(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters["$service"].Value = _serviceId;
        command.Parameters["$type"].Value = grainId.Type.ToString();
        command.Parameters["$key"].Value = grainId.Key.ToString();
        command.Parameters["$state"].Value = stateName;
    }

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

    // One connection with its statements prepared once; not thread-safe, used by one caller at a time.
    private sealed class Statements : IDisposable
    {
        private readonly SqliteConnection _connection;

        public Statements(SqliteConnection connection, bool forWriting)
        {
            _connection = connection;
            Read = Prepare(ReadSql, withPayload: false, withVersion: false);
            if (forWriting)
            {
                Insert = Prepare(InsertSql, withPayload: true, withVersion: false);
                Update = Prepare(UpdateSql, withPayload: true, withVersion: true);
                Delete = Prepare(DeleteSql, withPayload: false, withVersion: true);
            }
        }

        public SqliteCommand Read { get; }

        public SqliteCommand Insert { get => field ?? throw new InvalidOperationException("Read-only connection."); }

        public SqliteCommand Update { get => field ?? throw new InvalidOperationException("Read-only connection."); }

        public SqliteCommand Delete { get => field ?? throw new InvalidOperationException("Read-only connection."); }

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
}
