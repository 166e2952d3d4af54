-- CxGrains PostgreSQL schema, part 1: the query catalogue.
--
-- The Orleans AdoNet providers keep no SQL of their own. At start-up each one runs
--   SELECT QueryKey, QueryText FROM OrleansQuery [WHERE QueryKey = ...]
-- and executes the text stored under well-known keys, binding @Name parameters.
-- Parts 2 and 3 store their queries here.
--
-- Every script in this folder is idempotent: apply.sh and PostgresSchema.EnsureAsync
-- run them all, in file-name order, inside one transaction that first takes an
-- advisory lock, so running them again (or from three silos at once) is safe.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,

    CONSTRAINT pk_orleansquery PRIMARY KEY (QueryKey)
);
