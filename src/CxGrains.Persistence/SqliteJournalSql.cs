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
            PRIMARY KEY (service_id, customer_id, sequence)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_cx_event_journal_journaled_at ON cx_event_journal (journaled_at_ticks);
        """;

    private const string Columns = "customer_id, sequence, event_id, touchpoint_id, occurred_at_ticks, journaled_at_ticks, payload";

    // OR IGNORE: an existing (customer, sequence) leaves changes() at 0, which marks the conflict.
    public const string Insert = """
        INSERT OR IGNORE INTO cx_event_journal
            (service_id, customer_id, sequence, event_id, touchpoint_id, occurred_at_ticks, journaled_at_ticks, payload)
        VALUES ($service, $customer, $sequence, $event, $touchpoint, $occurred, $journaled, $payload);
        """;

    public const string ReadCustomer =
        "SELECT " + Columns + " FROM cx_event_journal WHERE service_id = $service AND customer_id = $customer AND sequence > $after ORDER BY sequence;";

    // The unary '+' keeps the planner off the time index: walking the primary key returns rows
    // already in (customer, sequence) order, so they stream instead of being sorted first.
    public const string ReadSince =
        "SELECT " + Columns + " FROM cx_event_journal WHERE service_id = $service AND +journaled_at_ticks >= $from ORDER BY customer_id, sequence;";

    public const string Erase = "DELETE FROM cx_event_journal WHERE service_id = $service AND customer_id = $customer;";

    // One bounded chunk of retention, so the writer's transaction stays short.
    public const string PruneChunk = """
        DELETE FROM cx_event_journal WHERE (service_id, customer_id, sequence) IN
            (SELECT service_id, customer_id, sequence FROM cx_event_journal WHERE journaled_at_ticks < $before LIMIT $limit);
        """;
}
