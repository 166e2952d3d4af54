#!/usr/bin/env bash
# Runs the whole CxGrains test suite. On a fresh Debian machine it first installs what the tests
# need (the PostgreSQL server binaries the fixtures start a throwaway instance from).
#   ./test.sh          the full suite (what CI runs)
#   ./test.sh --fast   only the unit tests (trait Tier=Fast: no silo, cluster, process, database or
#                      browser), in well under a minute once built; needs nothing but the .NET SDK
# Any other arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~HubTests").
set -euo pipefail
cd "$(dirname "$0")"

if [ "${1:-}" = "--fast" ]; then
  shift
  dotnet build CxGrains.sln -c Release -nologo
  exec dotnet test CxGrains.sln -c Release --no-build -nologo --filter "Tier=Fast" "$@"
fi

need_apt=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${CX_TEST_POSTGRES:-}" ]; then
  need_apt+=(postgresql)
fi
# The wallboard browser test drives Debian's chromium; the wallboard build and test need npm.
if [ ! -x /usr/bin/chromium ] && [ -z "${CX_CHROMIUM:-}" ]; then
  need_apt+=(chromium)
fi
if ! command -v npm >/dev/null 2>&1; then
  need_apt+=(nodejs npm)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need_apt[@]}"
fi

for dir in src/CxGrains.Host/wallboard tests/CxGrains.Live.Tests/browser; do
  (cd "$dir" && npm ci --no-audit --no-fund)
done

dotnet build CxGrains.sln -c Release -nologo
# One test assembly at a time: several of them start clusters of real processes, and on two cores
# they would starve each other. A test that hangs fails its assembly after 10 minutes (the longest
# test takes about one) and leaves a dump under TestResults, instead of holding the run forever.
dotnet test CxGrains.sln -c Release --no-build -nologo -m:1 --logger "console;verbosity=normal" \
  --blame-hang-timeout 10m --blame-hang-dump-type mini "$@"
