using System.Globalization;
using System.Runtime.CompilerServices;
using CxGrains.Abstractions.Journal;
using Npgsql;
using NpgsqlTypes;

namespace CxGrains.Persistence;

/// <summary>
/// The event journal in PostgreSQL (<c>cx_event_journal</c>, deploy/sql/postgresql/004-journal.sql,
/// and its writers in <c>cx_journal_origin</c>, 005-journal-origins.sql): daily range partitions,
/// rows scoped by service id.
/// </summary>
/// <remarks>
/// <para>
/// A group append is one binary <c>COPY</c> into the journal, outside a transaction: all of the group is written or
/// none of it, in two round trips and nothing sent back. Only when a key is taken (another activation's entry, or the
/// group's own after a commit whose answer was lost) does the COPY fail; the group is then written by one statement
/// over arrays (<c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING</c>) in a transaction of its own, the
/// group's own rows (found by origin and group number) say which entries met a conflict, and before the commit it
/// takes back what it wrote of the customers that met one (a customer's entries in a group are all or none,
/// <see cref="CustomerConflicts"/>). The COPY costs the server less per row than the INSERT, whose every row checks
/// its key before inserting and confirms it after (EventJournalThroughputTests compares the two).
/// </para>
/// <para>
/// An append whose day has no partition yet (the first write after midnight UTC before
/// <see cref="PrepareAsync"/> ran) creates the missing days and retries once.
/// </para>
/// </remarks>
public sealed class PostgresEventJournalStore : IEventJournalStore, IAsyncDisposable
{
    private const string Columns = "customer_id, sequence, event_id, touchpoint_id, occurred_at_ticks, journaled_at_ticks, payload, origin, commit_group";

    private const string AppendSql = """
        INSERT INTO cx_event_journal
            (service_id, customer_id, sequence, journaled_on, event_id, touchpoint_id, occurred_at_ticks, journaled_at_ticks, payload,
             origin, commit_group)
        SELECT @service, u.*, @origin, @group
        FROM unnest(@customers::text[], @sequences::bigint[], @days::date[], @event_ids::text[], @touchpoints::text[],
                    @occurred::bigint[], @journaled::bigint[], @payloads::bytea[]) AS u
        ON CONFLICT DO NOTHING
        """;

    private const string CopySql = """
        COPY cx_event_journal
            (service_id, customer_id, sequence, journaled_on, event_id, touchpoint_id, occurred_at_ticks, journaled_at_ticks, payload,
             origin, commit_group)
        FROM STDIN (FORMAT BINARY)
        """;

    // The keys a group wrote, when it wrote fewer rows than it was given. The days bound the partitions read.
    private const string GroupKeysSql = """
        SELECT customer_id, sequence FROM cx_event_journal
        WHERE service_id = @service AND origin = @origin AND commit_group = @group AND journaled_on BETWEEN @first_day AND @last_day
        """;

    // Takes back, in the append's transaction, what it wrote of customers that met a conflict (CustomerConflicts).
    private const string WithdrawSql = """
        DELETE FROM cx_event_journal j USING unnest(@customers::text[], @sequences::bigint[], @days::date[]) AS w(customer_id, sequence, journaled_on)
        WHERE j.service_id = @service AND j.customer_id = w.customer_id AND j.sequence = w.sequence AND j.journaled_on = w.journaled_on
        """;

    private const string ReadCustomerSql =
        "SELECT " + Columns + " FROM cx_event_journal WHERE service_id = @service AND customer_id = @customer AND sequence > @after ORDER BY sequence";

    // Ordinality numbers the cursors, so that a customer asked for twice gets both answers. The cursor's
    // columns have names of their own, so that the entry's are Columns, unqualified, as everywhere else.
    private const string ReadCustomersSql =
        "SELECT c.position, " + Columns + " FROM unnest(@customers::text[], @after::bigint[]) WITH ORDINALITY AS c(cursor_customer, after_sequence, position) " +
        "JOIN cx_event_journal j ON j.service_id = @service AND j.customer_id = c.cursor_customer AND j.sequence > c.after_sequence " +
        "ORDER BY c.position, j.sequence";

    // journaled_on lets the planner skip the partitions of earlier days; the ticks filter trims the first day.
    private const string ReadSinceSql =
        "SELECT " + Columns + " FROM cx_event_journal WHERE service_id = @service AND journaled_on >= @day AND journaled_at_ticks >= @ticks ORDER BY customer_id, sequence";

    private const string ReadUndeliveredSql =
        "SELECT " + Columns + " FROM cx_event_journal WHERE service_id = @service AND origin = @origin AND commit_group > @after ORDER BY commit_group";

    private const string RegisterOriginSql =
        "INSERT INTO cx_journal_origin (service_id, origin) VALUES (@service, @origin) ON CONFLICT DO NOTHING";

    private const string SetDeliveredSql = """
        UPDATE cx_journal_origin SET delivered_through = GREATEST(delivered_through, @through), updated_at = now()
        WHERE service_id = @service AND origin = @origin
        """;

    private const string ReadOriginsSql = "SELECT origin, delivered_through FROM cx_journal_origin WHERE service_id = @service ORDER BY registered_at";

    private const string ForgetOriginSql = "DELETE FROM cx_journal_origin WHERE service_id = @service AND origin = @origin";

    private const string EraseSql = "DELETE FROM cx_event_journal WHERE service_id = @service AND customer_id = @customer";

    private const string PrepareSql =
        "SELECT cx_event_journal_ensure_partition(d::date) FROM generate_series(@from::date, @through::date, interval '1 day') AS d";

    private const string PartitionsSql = """
        SELECT c.relname, i.inhdetachpending
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'cx_event_journal'::regclass
        """;

    private const string PartitionPrefix = "cx_event_journal_p";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly bool _ownsDataSource;

    /// <summary>Creates the store over a data source whose database has the CxGrains schema.</summary>
    /// <param name="dataSource">Connections to the database; owned by the caller.</param>
    /// <param name="serviceId">The cluster's service id, part of every row's key.</param>
    public PostgresEventJournalStore(NpgsqlDataSource dataSource, string serviceId)
        : this(dataSource, serviceId, ownsDataSource: false)
    {
    }

    private PostgresEventJournalStore(NpgsqlDataSource dataSource, string serviceId, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        _dataSource = dataSource;
        _serviceId = serviceId;
        _ownsDataSource = ownsDataSource;
    }

    /// <summary>Creates a store with a data source of its own, closed when the store is disposed.</summary>
    /// <param name="connectionString">An Npgsql connection string to a database that has the CxGrains schema.</param>
    /// <param name="serviceId">The cluster's service id, part of every row's key.</param>
    public static PostgresEventJournalStore Create(string connectionString, string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // A pool of its own beside grain storage's: kept small (one connection appends at a time; the
        // rest serve activations' replays) so that the two together stay inside max_connections.
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionStrings.WithoutSessionReset(connectionString));
        builder.MaxPoolSize = Math.Min(builder.MaxPoolSize, MaxPoolSize);
        return new PostgresEventJournalStore(NpgsqlDataSource.Create(builder.ConnectionString), serviceId, ownsDataSource: true);
    }

    /// <summary>The most connections the journal's own pool opens.</summary>
    public const int MaxPoolSize = 16;

    /// <summary>Closes the data source if the store created it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JournalConflict>> AppendAsync(IReadOnlyList<JournalEntry> entries, JournalGroup group, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentException.ThrowIfNullOrEmpty(group.Origin);
        if (entries.Count == 0)
        {
            return [];
        }

        try
        {
            return await InsertAsync(entries, group, cancellationToken);
        }
        catch (PostgresException ex) when (IsMissingPartition(ex))
        {
            // Nothing was written (one statement). Create the days this group needs and retry once.
            var days = entries.Select(entry => DayOf(entry.JournaledAtTicks)).Distinct();
            foreach (var day in days)
            {
                await EnsurePartitionAsync(day, cancellationToken);
            }

            return await InsertAsync(entries, group, cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task RegisterOriginAsync(string origin, CancellationToken cancellationToken = default) =>
        OriginCommandAsync(RegisterOriginSql, origin, command => { }, cancellationToken);

    /// <inheritdoc />
    public Task SetDeliveredAsync(string origin, long deliveredThrough, CancellationToken cancellationToken = default) =>
        OriginCommandAsync(SetDeliveredSql, origin, command => command.Parameters.AddWithValue("through", deliveredThrough), cancellationToken);

    /// <inheritdoc />
    public Task ForgetOriginAsync(string origin, CancellationToken cancellationToken = default) =>
        OriginCommandAsync(ForgetOriginSql, origin, command => { }, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<JournalOrigin>> ReadOriginsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(ReadOriginsSql);
        command.Parameters.AddWithValue("service", _serviceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var origins = new List<JournalOrigin>();
        while (await reader.ReadAsync(cancellationToken))
        {
            origins.Add(new JournalOrigin(reader.GetString(0), reader.GetInt64(1)));
        }

        return origins;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JournalEntry>> ReadUndeliveredAsync(string origin, long afterGroup, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(origin);
        return await ReadEntriesAsync(ReadUndeliveredSql, "origin", origin, afterGroup, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JournalEntry>> ReadCustomerAsync(string customerId, long afterSequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        return await ReadEntriesAsync(ReadCustomerSql, "customer", customerId, afterSequence, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IReadOnlyList<JournalEntry>>> ReadCustomersAsync(IReadOnlyList<JournalCursor> cursors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cursors);
        var found = new List<JournalEntry>[cursors.Count];
        if (cursors.Count == 0)
        {
            return found;
        }

        var customers = new string[cursors.Count];
        var after = new long[cursors.Count];
        for (var i = 0; i < cursors.Count; i++)
        {
            (customers[i], after[i]) = (cursors[i].CustomerId ?? throw new ArgumentException("A cursor names no customer.", nameof(cursors)), cursors[i].AfterSequence);
            found[i] = [];
        }

        await using var command = _dataSource.CreateCommand(ReadCustomersSql);
        command.Parameters.AddWithValue("service", _serviceId);
        command.Parameters.AddWithValue("customers", customers);
        command.Parameters.AddWithValue("after", after);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetInt64(0) - 1].Add(ReadEntry(reader, first: 1));
        }

        return found;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<JournalEntry> ReadSinceAsync(
        DateTimeOffset journaledFrom, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The reader pulls rows off the connection as they are consumed: nothing is buffered whole.
        await using var command = _dataSource.CreateCommand(ReadSinceSql);
        command.Parameters.AddWithValue("service", _serviceId);
        command.Parameters.AddWithValue("day", DayOf(journaledFrom.UtcTicks));
        command.Parameters.AddWithValue("ticks", journaledFrom.UtcTicks);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadEntry(reader);
        }
    }

    /// <inheritdoc />
    public async Task<long> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        await using var command = _dataSource.CreateCommand(EraseSql);
        command.Parameters.AddWithValue("service", _serviceId);
        command.Parameters.AddWithValue("customer", customerId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Drops the partitions of days that end at or before the cut-off, whatever their service ids.
    /// Each is first detached CONCURRENTLY, which does not block appends or wait behind a running
    /// replay's lock on the parent table the way dropping an attached partition would, then
    /// dropped. The row count is exact (counted before the drop).
    /// </remarks>
    public async Task<JournalPruneResult> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        var cutOff = DayOf(olderThan.UtcTicks);
        var dropped = 0;
        long rows = 0;
        foreach (var (name, detachPending) in await PartitionsAsync(cancellationToken))
        {
            if (!TryParseDay(name, out var day) || day.AddDays(1) > cutOff)
            {
                continue;
            }

            rows += await ScalarAsync<long>($"SELECT count(*) FROM {Quote(name)}", cancellationToken);
            try
            {
                // Runs outside a transaction block, as DETACH … CONCURRENTLY must.
                var mode = detachPending ? "FINALIZE" : "CONCURRENTLY";
                await ExecuteAsync($"ALTER TABLE cx_event_journal DETACH PARTITION {Quote(name)} {mode}", cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.ObjectNotInPrerequisiteState
                                                    or PostgresErrorCodes.InvalidTableDefinition)
            {
                // Another silo is pruning the same day: let it finish.
                continue;
            }

            await ExecuteAsync($"DROP TABLE IF EXISTS {Quote(name)}", cancellationToken);
            dropped++;
        }

        return new JournalPruneResult(dropped, rows);
    }

    /// <inheritdoc />
    public async Task PrepareAsync(DateTimeOffset through, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(PrepareSql);
        command.Parameters.AddWithValue("from", DayOf(DateTimeOffset.UtcNow.UtcTicks));
        command.Parameters.AddWithValue("through", DayOf(through.UtcTicks));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The name of the partition holding entries journaled on <paramref name="day"/>.</summary>
    public static string PartitionName(DateOnly day) =>
        PartitionPrefix + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private async Task<IReadOnlyList<JournalConflict>> InsertAsync(IReadOnlyList<JournalEntry> entries, JournalGroup group, CancellationToken cancellationToken)
    {
        try
        {
            await CopyAsync(entries, group, cancellationToken);
            return [];
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // A key is taken (another activation's entry, or this group's own after a commit whose answer was lost):
            // the COPY wrote nothing, and the insert below sorts out which entries stand.
        }

        return await InsertResolvingConflictsAsync(entries, group, cancellationToken);
    }

    // The common case, no key taken: one binary COPY, which costs the server far less per row than
    // INSERT … ON CONFLICT (each of its rows checks the key before inserting and confirms it after).
    // On its own, outside a transaction, the COPY writes all of the group or none of it.
    private async Task CopyAsync(IReadOnlyList<JournalEntry> entries, JournalGroup group, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var import = await connection.BeginBinaryImportAsync(CopySql, cancellationToken);
        foreach (var entry in entries)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(_serviceId, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(entry.CustomerId, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(entry.Sequence, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(DayOf(entry.JournaledAtTicks), NpgsqlDbType.Date, cancellationToken);
            await import.WriteAsync(entry.EventId, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(entry.TouchpointId, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(entry.OccurredAtTicks, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(entry.JournaledAtTicks, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(entry.Payload, NpgsqlDbType.Bytea, cancellationToken);
            await import.WriteAsync(group.Origin, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(group.Number, NpgsqlDbType.Bigint, cancellationToken);
        }

        await import.CompleteAsync(cancellationToken);
    }

    // A group that meets a taken key: one INSERT … ON CONFLICT DO NOTHING that sorts out which entries stand.
    // Internal for EventJournalThroughputTests, which compares it with the COPY.
    internal async Task<IReadOnlyList<JournalConflict>> InsertResolvingConflictsAsync(
        IReadOnlyList<JournalEntry> entries, JournalGroup group, CancellationToken cancellationToken = default)
    {
        var count = entries.Count;
        var customers = new string[count];
        var sequences = new long[count];
        var days = new DateOnly[count];
        var eventIds = new string[count];
        var touchpoints = new string[count];
        var occurred = new long[count];
        var journaled = new long[count];
        var payloads = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var entry = entries[i];
            customers[i] = entry.CustomerId;
            sequences[i] = entry.Sequence;
            days[i] = DayOf(entry.JournaledAtTicks);
            eventIds[i] = entry.EventId;
            touchpoints[i] = entry.TouchpointId;
            occurred[i] = entry.OccurredAtTicks;
            journaled[i] = entry.JournaledAtTicks;
            payloads[i] = entry.Payload;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(AppendSql, connection, transaction);
        command.Parameters.AddWithValue("service", _serviceId);
        command.Parameters.AddWithValue("customers", customers);
        command.Parameters.AddWithValue("sequences", sequences);
        command.Parameters.AddWithValue("days", days);
        command.Parameters.AddWithValue("event_ids", eventIds);
        command.Parameters.AddWithValue("touchpoints", touchpoints);
        command.Parameters.AddWithValue("occurred", occurred);
        command.Parameters.AddWithValue("journaled", journaled);
        command.Parameters.AddWithValue("payloads", payloads);
        command.Parameters.AddWithValue("origin", group.Origin);
        command.Parameters.AddWithValue("group", group.Number);

        var inserted = await command.ExecuteNonQueryAsync(cancellationToken);
        IReadOnlyList<JournalConflict> conflicts = [];
        if (inserted < count)
        {
            // Whatever the group's rows do not hold was not written; of two equal keys the first in the group won.
            var returned = await ReadGroupKeysAsync(connection, transaction, group, days, cancellationToken);
            var written = new bool[count];
            for (var i = 0; i < count; i++)
            {
                var key = (entries[i].CustomerId, entries[i].Sequence);
                if (returned.TryGetValue(key, out var left) && left > 0)
                {
                    returned[key] = left - 1;
                    written[i] = true;
                }
            }

            conflicts = CustomerConflicts.Of(entries, written, out var withdrawn);
            if (withdrawn.Count > 0)
            {
                await using var withdraw = new NpgsqlCommand(WithdrawSql, connection, transaction);
                withdraw.Parameters.AddWithValue("service", _serviceId);
                withdraw.Parameters.AddWithValue("customers", withdrawn.Select(entry => entry.CustomerId).ToArray());
                withdraw.Parameters.AddWithValue("sequences", withdrawn.Select(entry => entry.Sequence).ToArray());
                withdraw.Parameters.AddWithValue("days", withdrawn.Select(entry => DayOf(entry.JournaledAtTicks)).ToArray());
                await withdraw.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return conflicts;
    }

    // How many rows of each key the group wrote, read inside its own transaction.
    private async Task<Dictionary<(string, long), int>> ReadGroupKeysAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, JournalGroup group, DateOnly[] days, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(GroupKeysSql, connection, transaction);
        command.Parameters.AddWithValue("service", _serviceId);
        command.Parameters.AddWithValue("origin", group.Origin);
        command.Parameters.AddWithValue("group", group.Number);
        command.Parameters.AddWithValue("first_day", days.Min());
        command.Parameters.AddWithValue("last_day", days.Max());
        var keys = new Dictionary<(string, long), int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = (reader.GetString(0), reader.GetInt64(1));
            keys[key] = keys.GetValueOrDefault(key) + 1;
        }

        return keys;
    }

    // The entries of one key (a customer, or a writer) after a number (its sequence, or its commit), in the query's order.
    private async Task<IReadOnlyList<JournalEntry>> ReadEntriesAsync(string sql, string keyName, string key, long after, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("service", _serviceId);
        command.Parameters.AddWithValue(keyName, key);
        command.Parameters.AddWithValue("after", after);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<JournalEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadEntry(reader));
        }

        return entries;
    }

    private async Task OriginCommandAsync(string sql, string origin, Action<NpgsqlCommand> parameters, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(origin);
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("service", _serviceId);
        command.Parameters.AddWithValue("origin", origin);
        parameters(command);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task EnsurePartitionAsync(DateOnly day, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT cx_event_journal_ensure_partition(@day)");
        command.Parameters.AddWithValue("day", day);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<List<(string Name, bool DetachPending)>> PartitionsAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(PartitionsSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var partitions = new List<(string, bool)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            partitions.Add((reader.GetString(0), reader.GetBoolean(1)));
        }

        return partitions;
    }

    private async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // The entry's columns (Columns) start at column <paramref name="first"/>.
    private static JournalEntry ReadEntry(NpgsqlDataReader reader, int first = 0) => new(
        reader.GetString(first),
        reader.GetInt64(first + 1),
        reader.GetString(first + 2),
        reader.GetString(first + 3),
        reader.GetInt64(first + 4),
        reader.GetInt64(first + 5),
        reader.GetFieldValue<byte[]>(first + 6))
    {
        Origin = reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7),
        CommitGroup = reader.IsDBNull(first + 8) ? 0 : reader.GetInt64(first + 8),
    };

    // "no partition of relation "cx_event_journal" found for row"
    private static bool IsMissingPartition(PostgresException ex) =>
        ex.SqlState == PostgresErrorCodes.CheckViolation && ex.TableName == "cx_event_journal";

    private static DateOnly DayOf(long utcTicks) => DateOnly.FromDateTime(new DateTime(utcTicks, DateTimeKind.Utc));

    private static bool TryParseDay(string partition, out DateOnly day)
    {
        day = default;
        return partition.StartsWith(PartitionPrefix, StringComparison.Ordinal)
            && DateOnly.TryParseExact(partition[PartitionPrefix.Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    // Partition names come from the catalogue and match cx_event_journal_pYYYYMMDD; quote anyway.
    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
