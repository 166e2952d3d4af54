#!/usr/bin/env bash
# Applies the CxGrains PostgreSQL schema (grain storage + cluster membership).
#
# Usage:
#   deploy/sql/apply.sh [psql connection options or URI]
#
# Examples:
#   deploy/sql/apply.sh "postgresql://cx:secret@db.internal:5432/cxgrains"
#   PGHOST=localhost PGUSER=cx PGDATABASE=cxgrains deploy/sql/apply.sh
#
# Every argument is passed to psql, so anything psql accepts works (URI, -h/-p/-U/-d, and the
# PG* environment variables). The scripts are idempotent and run in one transaction behind the
# same advisory lock that PostgresSchema.EnsureAsync takes, so running this while silos start
# (or twice) is safe. Needs psql 10 or later on the PATH (Debian: apt-get install postgresql-client).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
scripts=("$here"/postgresql/[0-9][0-9][0-9]-*.sql)
if [[ ! -e "${scripts[0]}" ]]; then
    echo "apply.sh: no scripts found under $here/postgresql" >&2
    exit 1
fi

# Must match PostgresSchema.AdvisoryLockKey in src/CxGrains.Persistence.
lock_key=4861714354332593779

args=(-X -q -v ON_ERROR_STOP=1 --single-transaction -c "SELECT pg_advisory_xact_lock($lock_key);")
for script in "${scripts[@]}"; do
    args+=(-f "$script")
done

psql "$@" "${args[@]}"
echo "apply.sh: applied ${#scripts[@]} scripts"
