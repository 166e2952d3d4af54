-- CxGrains PostgreSQL schema, part 4: the event journal (durable ack mode).
--
-- Every accepted customer event is appended here, many customers per statement (one group
-- commit per silo every few milliseconds); customer state is snapshotted behind it and an
-- activation replays the entries after its snapshot. Rows are scoped by service id like grain
-- state. The payload is the serialized event, opaque to the database. Times are UTC ticks
-- (100 ns since 0001-01-01), so entries round-trip exactly.
--
-- The table is partitioned by the UTC day an entry was journaled, one partition per day named
-- cx_event_journal_pYYYYMMDD, so retention drops whole days instead of deleting rows. The silos
-- create partitions ahead of time (PostgresEventJournalStore.PrepareAsync) and on demand when an
-- append finds its day missing.

CREATE TABLE IF NOT EXISTS cx_event_journal
(
    service_id         text   NOT NULL,
    customer_id        text   NOT NULL,
    -- The customer's own event number, from 1.
    sequence           bigint NOT NULL,
    -- The partition key: the UTC day of journaled_at_ticks.
    journaled_on       date   NOT NULL,
    event_id           text   NOT NULL,
    touchpoint_id      text   NOT NULL,
    occurred_at_ticks  bigint NOT NULL,
    journaled_at_ticks bigint NOT NULL,
    payload            bytea  NOT NULL,

    -- A partitioned table's unique keys must contain the partition key, so a duplicate
    -- (customer, sequence) is detected within one day's partition only. Two activations of one
    -- customer write the same sequence within moments of each other, so in practice they meet in
    -- the same partition; only a pair straddling midnight UTC would slip past this check.
    CONSTRAINT pk_cx_event_journal PRIMARY KEY (service_id, customer_id, sequence, journaled_on)
) PARTITION BY RANGE (journaled_on);

-- Creates the partition for one day unless it exists; returns whether it created it.
-- The partition is created as a plain table and then attached: ATTACH takes only a SHARE UPDATE
-- EXCLUSIVE lock on the parent, which appends and replays do not wait for, where CREATE TABLE ...
-- PARTITION OF would take an exclusive lock and stall every append behind a long replay.
CREATE OR REPLACE FUNCTION cx_event_journal_ensure_partition(p_day date)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_name text := 'cx_event_journal_p' || to_char(p_day, 'YYYYMMDD');
BEGIN
    -- Silos preparing the same day at once: the second waits here, then finds the partition.
    -- The key is "CxJournl" as a big-endian 64-bit number.
    PERFORM pg_advisory_xact_lock(4861717640318709356);
    IF to_regclass(quote_ident(v_name)) IS NOT NULL THEN
        RETURN false;
    END IF;

    EXECUTE format(
        'CREATE TABLE %I (LIKE cx_event_journal INCLUDING DEFAULTS, '
        || 'CONSTRAINT %I CHECK (journaled_on >= %L AND journaled_on < %L))',
        v_name, v_name || '_day', p_day, p_day + 1);
    -- The CHECK above lets ATTACH skip scanning the table for rows outside the range.
    EXECUTE format(
        'ALTER TABLE cx_event_journal ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
        v_name, p_day, p_day + 1);
    RETURN true;
END;
$fn$;

-- Today and tomorrow (UTC) exist as soon as the schema does. (A DO block, so psql prints no result.)
DO $$
BEGIN
    PERFORM cx_event_journal_ensure_partition((now() AT TIME ZONE 'UTC')::date + d) FROM generate_series(0, 1) AS d;
END;
$$;
