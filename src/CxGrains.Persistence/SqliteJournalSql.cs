namespace CxGrains.Persistence;

/// <summary>
/// The event journal's table and statements in the SQLite store: created with the grain-state
/// table, in the same file, and written through the same writer connection.
/// </summary>
internal static class SqliteJournalSql
{
    // Clustered by (service, customer, sequence): an activation's replay reads one contiguous range.
    // The time index serves retention.
    public const string CreateTable = """
        CREATE TABLE IF NOT EXISTS cx_event_journal
        (
            service_id         TEXT    NOT NULL,
            customer_id        TEXT    NOT NULL,
            sequence           INTEGER NOT NULL,
            event_id           TEXT    NOT NULL,
            touchpoint_id      TEXT    NOT NULL,
            occurred_at_ticks  INTEGER NOT NULL,
            journaled_at_ticks INTEGER NOT NULL,
            payload            BLOB    NOT NULL,
            origin             TEXT,
            commit_group       INTEGER,
            PRIMARY KEY (service_id, customer_id, sequence)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_cx_event_journal_journaled_at ON cx_event_journal (journaled_at_ticks);
        CREATE TABLE IF NOT EXISTS cx_journal_origin
        (
            service_id        TEXT    NOT NULL,
            origin            TEXT    NOT NULL,
            delivered_through INTEGER NOT NULL DEFAULT 0,
            registered_at     INTEGER NOT NULL,
            PRIMARY KEY (service_id, origin)
        );
        """;

    // A file made before entries recorded their writer gains the columns (SQLite has no ADD COLUMN IF NOT EXISTS).
    public const string HasOriginColumn = "SELECT count(*) FROM pragma_table_info('cx_event_journal') WHERE name = 'origin';";

    public const string AddOriginColumns = """
        ALTER TABLE cx_event_journal ADD COLUMN origin TEXT;
        ALTER TABLE cx_event_journal ADD COLUMN commit_group INTEGER;
        """;

    // Created after the columns exist, for new and upgraded files alike.
    public const string CreateOriginIndex =
        "CREATE INDEX IF NOT EXISTS ix_cx_event_journal_origin ON cx_event_journal (service_id, origin, commit_group);";

    private const string Columns = "customer_id, sequence, event_id, touchpoint_id, occurred_at_ticks, journaled_at_ticks, payload, origin, commit_group";

    // OR IGNORE: an existing (customer, sequence) leaves changes() at 0, which marks the conflict.
    public const string Insert = """
        INSERT OR IGNORE INTO cx_event_journal
            (service_id, customer_id, sequence, event_id, touchpoint_id, occurred_at_ticks, journaled_at_ticks, payload, origin, commit_group)
        VALUES ($service, $customer, $sequence, $event, $touchpoint, $occurred, $journaled, $payload, $origin, $group);
        """;

    // Takes back, in the writer's transaction, what a group wrote of a customer that met a conflict (CustomerConflicts).
    public const string Withdraw =
        "DELETE FROM cx_event_journal WHERE service_id = $service AND customer_id = $customer AND sequence = $sequence;";

    public const string ReadCustomer =
        "SELECT " + Columns + " FROM cx_event_journal WHERE service_id = $service AND customer_id = $customer AND sequence > $after ORDER BY sequence;";

    // The unary '+' keeps the planner off the time index: walking the primary key returns rows
    // already in (customer, sequence) order, so they stream instead of being sorted first.
    public const string ReadSince =
        "SELECT " + Columns + " FROM cx_event_journal WHERE service_id = $service AND +journaled_at_ticks >= $from ORDER BY customer_id, sequence;";

    public const string ReadUndelivered =
        "SELECT " + Columns + " FROM cx_event_journal WHERE service_id = $service AND origin = $origin AND commit_group > $after ORDER BY commit_group;";

    public const string RegisterOrigin =
        "INSERT OR IGNORE INTO cx_journal_origin (service_id, origin, registered_at) VALUES ($service, $origin, $now);";

    public const string SetDelivered =
        "UPDATE cx_journal_origin SET delivered_through = max(delivered_through, $through) WHERE service_id = $service AND origin = $origin;";

    public const string ReadOrigins =
        "SELECT origin, delivered_through FROM cx_journal_origin WHERE service_id = $service ORDER BY registered_at;";

    public const string ForgetOrigin = "DELETE FROM cx_journal_origin WHERE service_id = $service AND origin = $origin;";

    public const string Erase = "DELETE FROM cx_event_journal WHERE service_id = $service AND customer_id = $customer;";

    // One bounded chunk of retention, so the writer's transaction stays short.
    public const string PruneChunk = """
        DELETE FROM cx_event_journal WHERE (service_id, customer_id, sequence) IN
            (SELECT service_id, customer_id, sequence FROM cx_event_journal WHERE journaled_at_ticks < $before LIMIT $limit);
        """;
}
