#!/usr/bin/env bash
# End-to-end benchmark: builds in Release, then runs the orchestrator (bench/CxGrains.Bench), which
# starts real silo processes (bare sink, applied on SQLite, durable on a throwaway PostgreSQL), drives
# cx-loadgen and query clients against them, runs the grain memory probe, and writes
# bench/results/<yyyy-MM-dd>.json and the "End-to-end ingest" section of docs/benchmarks.md.
#
#   bench/run.sh            full run: 3 repetitions, 1,000,000 customers (< 30 minutes on 2 cores)
#   bench/run.sh --quick    1 repetition, short runs, 100,000 customers (< 5 minutes)
#   bench/run.sh --help     every option (durations, phases, --note, --out, --no-docs, --pg-fsync)
#
# Set CX_BENCH_NO_BUILD=1 to reuse the existing Release build, and CX_BENCH_PROGRESS_DIR=<folder> to keep
# each load run's once-a-second rate and ack latency (one file per run) to see where in a run a tail came from.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${CX_BENCH_NO_BUILD:-}" != "1" ]; then
  # One build: the orchestrator project also builds the host, cx-loadgen and the memory probe.
  dotnet build bench/CxGrains.Bench -c Release -nologo -v quiet -clp:ErrorsOnly
fi

exec dotnet bench/CxGrains.Bench/bin/Release/net10.0/CxGrains.Bench.dll "$@"
