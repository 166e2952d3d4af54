-- CxGrains PostgreSQL schema, part 2: grain state for Microsoft.Orleans.Persistence.AdoNet.
--
-- Contract (Orleans 10.4): the provider binds these parameters to every storage query
--   @GrainIdHash int, @GrainIdN0 bigint, @GrainIdN1 bigint, @GrainTypeHash int,
--   @GrainTypeString text, @GrainIdExtensionString text (null for plain integer/guid keys),
--   @ServiceId text, and for write/clear/delete also @GrainStateVersion int (null = never written);
--   write adds @PayloadBinary bytea.
-- It reads the columns PayloadBinary and Version (read), NewGrainStateVersion (write) and the
-- first column (clear, delete). A version equal to the one the grain sent, an empty value or no
-- row at all means "conflict" and becomes an InconsistentStateException.
--
-- Since Orleans 7, @GrainTypeString carries the *state name*, not the grain class, and the key
-- parts come from parsing GrainId.Key (hex text becomes an integer, '+' splits off an extension).
-- CxGrains therefore never hands raw grain ids to this table: CollisionSafeGrainStorage rewrites
-- every id to "k:<grain type>/<grain key>" (percent-escaped), which always arrives here as
-- n0 = n1 = 0 plus the whole string in grain_id_extension. See docs/persistence.md.
--
-- The two hashes are accepted but not stored: the primary key is on the full values, so a hash
-- collision can never make two grains share a row.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    service_id             text        NOT NULL,
    -- The provider's @GrainTypeString: the state name ([PersistentState("name")]).
    state_name             text        NOT NULL,
    grain_id_n0            bigint      NOT NULL,
    grain_id_n1            bigint      NOT NULL,
    -- NULL and '' are different keys to the provider; a flag keeps them apart inside a primary key.
    grain_id_has_extension boolean     NOT NULL,
    grain_id_extension     text        NOT NULL,
    -- NULL after a ClearStorageKey (the row stays so the version keeps counting).
    payload                bytea       NULL,
    version                integer     NOT NULL,
    modified_on            timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT pk_orleans_storage PRIMARY KEY
        (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_has_extension, grain_id_extension)
);

-- Optimistic write: insert when the grain has never seen a row (expected version NULL), otherwise
-- update only the version the grain read. Returns the new version, or NULL on a conflict.
CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_service_id        text,
    p_state_name        text,
    p_grain_id_n0       bigint,
    p_grain_id_n1       bigint,
    p_grain_id_ext      text,
    p_expected_version  integer,
    p_payload           bytea)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_new_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        -- ON CONFLICT DO NOTHING: of two racing first writes exactly one inserts, the other
        -- gets no row back and reports a conflict instead of an error.
        INSERT INTO orleans_storage AS s
            (service_id, state_name, grain_id_n0, grain_id_n1,
             grain_id_has_extension, grain_id_extension, payload, version, modified_on)
        VALUES
            (p_service_id, p_state_name, p_grain_id_n0, p_grain_id_n1,
             p_grain_id_ext IS NOT NULL, coalesce(p_grain_id_ext, ''), p_payload, 1, now())
        ON CONFLICT ON CONSTRAINT pk_orleans_storage DO NOTHING
        RETURNING s.version INTO v_new_version;
    ELSE
        UPDATE orleans_storage AS s
        SET    payload = p_payload,
               version = s.version + 1,
               modified_on = now()
        WHERE  s.service_id = p_service_id
          AND  s.state_name = p_state_name
          AND  s.grain_id_n0 = p_grain_id_n0
          AND  s.grain_id_n1 = p_grain_id_n1
          AND  s.grain_id_has_extension = (p_grain_id_ext IS NOT NULL)
          AND  s.grain_id_extension = coalesce(p_grain_id_ext, '')
          AND  s.version = p_expected_version
        RETURNING s.version INTO v_new_version;
    END IF;

    RETURN v_new_version;
END
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
    SELECT s.payload AS "PayloadBinary",
           s.version AS "Version"
    FROM   orleans_storage AS s
    WHERE  s.service_id = @ServiceId
      AND  s.state_name = @GrainTypeString
      AND  s.grain_id_n0 = @GrainIdN0
      AND  s.grain_id_n1 = @GrainIdN1
      AND  s.grain_id_has_extension = (@GrainIdExtensionString IS NOT NULL)
      AND  s.grain_id_extension = coalesce(@GrainIdExtensionString, '');
$q$),
('WriteToStorageKey', $q$
    SELECT orleans_storage_write(
               @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
               @GrainIdExtensionString, @GrainStateVersion, @PayloadBinary) AS "NewGrainStateVersion";
$q$),
-- Used when DeleteStateOnClear is false: keeps a tombstone so the version keeps counting.
('ClearStorageKey', $q$
    UPDATE orleans_storage AS s
    SET    payload = NULL,
           version = s.version + 1,
           modified_on = now()
    WHERE  s.service_id = @ServiceId
      AND  s.state_name = @GrainTypeString
      AND  s.grain_id_n0 = @GrainIdN0
      AND  s.grain_id_n1 = @GrainIdN1
      AND  s.grain_id_has_extension = (@GrainIdExtensionString IS NOT NULL)
      AND  s.grain_id_extension = coalesce(@GrainIdExtensionString, '')
      AND  s.version = @GrainStateVersion
    RETURNING s.version AS "NewGrainStateVersion";
$q$),
-- Used when DeleteStateOnClear is true (CxGrains' choice: an erased customer leaves no row).
-- The provider treats a returned version equal to the grain's as a conflict, so a successful
-- delete reports the next version; the grain's ETag becomes null afterwards either way.
('DeleteStorageKey', $q$
    DELETE FROM orleans_storage AS s
    WHERE  s.service_id = @ServiceId
      AND  s.state_name = @GrainTypeString
      AND  s.grain_id_n0 = @GrainIdN0
      AND  s.grain_id_n1 = @GrainIdN1
      AND  s.grain_id_has_extension = (@GrainIdExtensionString IS NOT NULL)
      AND  s.grain_id_extension = coalesce(@GrainIdExtensionString, '')
      AND  s.version = @GrainStateVersion
    RETURNING s.version + 1 AS "NewGrainStateVersion";
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
