-- CxGrains PostgreSQL schema, part 5: who wrote each journal entry, and how far its touchpoint
-- deliveries came (durable ack mode).
--
-- A silo's group committer stamps every entry with its origin (the silo incarnation) and the
-- number of the commit that wrote it, then delivers the entries' counts to their touchpoints. It
-- records its origin in cx_journal_origin before its first commit and, every second, the last
-- group whose entries have all reached their touchpoints. When a silo dies, a survivor reads the
-- dead origin's entries after that mark and delivers what each touchpoint has not applied (a
-- touchpoint remembers, per origin, the last group it applied): exactly once, with no per-event
-- keys. A stopped or recovered origin's row is deleted.

ALTER TABLE cx_event_journal ADD COLUMN IF NOT EXISTS origin text;
ALTER TABLE cx_event_journal ADD COLUMN IF NOT EXISTS commit_group bigint;

-- Recovery reads one origin's entries after a group. Created on every partition, and on each
-- partition attached later.
CREATE INDEX IF NOT EXISTS ix_cx_event_journal_origin ON cx_event_journal (service_id, origin, commit_group);

CREATE TABLE IF NOT EXISTS cx_journal_origin
(
    service_id        text        NOT NULL,
    origin            text        NOT NULL,
    delivered_through bigint      NOT NULL DEFAULT 0,
    registered_at     timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_cx_journal_origin PRIMARY KEY (service_id, origin)
);
