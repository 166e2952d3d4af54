-- CxGrains PostgreSQL schema, part 3: cluster membership for Microsoft.Orleans.Clustering.AdoNet.
--
-- Contract (Orleans 10.4): at start-up the provider loads every row of OrleansQuery and requires
-- these keys: UpdateIAmAlivetimeKey, InsertMembershipVersionKey, InsertMembershipKey,
-- UpdateMembershipKey, GatewaysQueryKey, MembershipReadRowKey, MembershipReadAllKey,
-- DeleteMembershipTableEntriesKey, CleanupDefunctSiloEntriesKey. (An optional
-- CleanupDefunctSiloEntryKey switches cleanup to one delete per entry; we do not define it.)
--
-- Parameters: @DeploymentId (the ClusterId), @Address text, @Port int, @Generation int,
-- @SiloName, @HostName, @Status int, @ProxyPort int, @SuspectTimes text,
-- @StartTime / @IAmAliveTime timestamps (UTC), @Version int = the table version the silo read.
-- Columns read back: Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
-- SuspectTimes, StartTime (NULL = no member on this row), IAmAliveTime, Version; the insert and
-- update queries return one boolean column.
--
-- Optimistic concurrency is per cluster: every insert or update of a member must name the
-- current table version and bumps it, atomically with the member change.

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id text        NOT NULL,
    version       integer     NOT NULL DEFAULT 0,
    changed_on    timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT pk_orleans_membership_version PRIMARY KEY (deployment_id)
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   text        NOT NULL,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL DEFAULT 0,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,

    CONSTRAINT pk_orleans_membership PRIMARY KEY (deployment_id, address, port, generation),
    CONSTRAINT fk_orleans_membership_version FOREIGN KEY (deployment_id)
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE
);

-- Bumps the table version only if it is still p_version, then inserts the member. Any failure
-- (stale version, member already present) leaves both tables untouched and returns false.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_silo_name       text,
    p_host_name       text,
    p_status          integer,
    p_proxy_port      integer,
    p_start_time      timestamptz,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    -- Taking the version row first serialises concurrent writers of one cluster.
    UPDATE orleans_membership_version
    SET    version = version + 1, changed_on = now()
    WHERE  deployment_id = p_deployment_id AND version = p_version;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
         start_time, i_am_alive_time)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
         coalesce(p_proxy_port, 0), p_start_time, p_i_am_alive_time);
    RETURN true;
EXCEPTION
    -- The block's changes, the version bump included, are rolled back before we get here.
    WHEN unique_violation THEN
        RETURN false;
END
$fn$;

CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_status          integer,
    p_suspect_times   text,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    UPDATE orleans_membership_version
    SET    version = version + 1, changed_on = now()
    WHERE  deployment_id = p_deployment_id AND version = p_version;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership
    SET    status = p_status,
           suspect_times = p_suspect_times,
           i_am_alive_time = p_i_am_alive_time
    WHERE  deployment_id = p_deployment_id
      AND  address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        -- Undo the version bump: raising inside the block rolls it back.
        RAISE EXCEPTION USING ERRCODE = 'no_data_found';
    END IF;
    RETURN true;
EXCEPTION
    WHEN no_data_found THEN
        RETURN false;
END
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
    WITH inserted AS (
        INSERT INTO orleans_membership_version (deployment_id)
        VALUES (@DeploymentId)
        ON CONFLICT (deployment_id) DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM inserted) AS "Inserted";
$q$),
('InsertMembershipKey', $q$
    SELECT orleans_membership_insert(
               @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
               @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS "Inserted";
$q$),
('UpdateMembershipKey', $q$
    SELECT orleans_membership_update(
               @DeploymentId, @Address, @Port, @Generation, @Status,
               @SuspectTimes, @IAmAliveTime, @Version) AS "Updated";
$q$),
-- Never fails by design: Orleans ignores the outcome of an I-am-alive update.
('UpdateIAmAlivetimeKey', $q$
    UPDATE orleans_membership
    SET    i_am_alive_time = @IAmAliveTime
    WHERE  deployment_id = @DeploymentId
      AND  address = @Address AND port = @Port AND generation = @Generation;
$q$),
-- The LEFT JOIN returns the version row even when the member is missing (StartTime is then NULL).
('MembershipReadRowKey', $q$
    SELECT v.version         AS "Version",
           m.address         AS "Address",
           m.port            AS "Port",
           m.generation      AS "Generation",
           m.silo_name       AS "SiloName",
           m.host_name       AS "HostName",
           m.status          AS "Status",
           m.proxy_port      AS "ProxyPort",
           m.suspect_times   AS "SuspectTimes",
           m.start_time      AS "StartTime",
           m.i_am_alive_time AS "IAmAliveTime"
    FROM   orleans_membership_version AS v
    LEFT JOIN orleans_membership AS m
           ON  m.deployment_id = v.deployment_id
           AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    WHERE  v.deployment_id = @DeploymentId;
$q$),
('MembershipReadAllKey', $q$
    SELECT v.version         AS "Version",
           m.address         AS "Address",
           m.port            AS "Port",
           m.generation      AS "Generation",
           m.silo_name       AS "SiloName",
           m.host_name       AS "HostName",
           m.status          AS "Status",
           m.proxy_port      AS "ProxyPort",
           m.suspect_times   AS "SuspectTimes",
           m.start_time      AS "StartTime",
           m.i_am_alive_time AS "IAmAliveTime"
    FROM   orleans_membership_version AS v
    LEFT JOIN orleans_membership AS m ON m.deployment_id = v.deployment_id
    WHERE  v.deployment_id = @DeploymentId;
$q$),
-- Clients use this to find gateways: @Status is Active (3).
('GatewaysQueryKey', $q$
    SELECT m.address    AS "Address",
           m.proxy_port AS "ProxyPort",
           m.generation AS "Generation"
    FROM   orleans_membership AS m
    WHERE  m.deployment_id = @DeploymentId
      AND  m.status = @Status
      AND  m.proxy_port > 0;
$q$),
-- Members go with their version row (ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
$q$),
-- Removes silos that are no longer active (3) and have not reported since @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM orleans_membership
    WHERE  deployment_id = @DeploymentId
      AND  i_am_alive_time < @IAmAliveTime
      AND  status <> 3;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
