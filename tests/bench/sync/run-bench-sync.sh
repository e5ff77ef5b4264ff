#!/usr/bin/env bash
# Builds (if needed) and runs bench-sync, which times a full sync of 200,000 records from the city
# simulator on loopback (SyncEngine::runOnce) against the same bytes fetched by curl and loaded by
# the sqlite3 shell in one transaction, in the same run, then a delta sync with 1 % of the records
# changed. Last line: RESULT sync ratio=<full / baseline> delta_ratio=<delta / full>.
# Arguments are passed to bench-sync (--entries N, --repeats N, --page-size N, --changed F,
# --deletions N, --work DIR, --keep, --no-breakdown, --verbose, --data DIR; see --help). The build
# directory is $BUILD_DIR (default <repo>/build); it is configured first if it has never been.
# Runs from any directory.
#
# bench-sync needs only the core library and the simulator, but it lives in tests/bench, which the
# project adds only when the wxWidgets shell is built (KIOSK_BUILD_UI=ON, the default) with
# KIOSK_BUILD_TESTS=ON. The baseline runs the curl and sqlite3 programs: install them first
# (Debian/Ubuntu: sudo apt-get install curl sqlite3); this script does not install anything.
# Timings mean most from a Release build (cmake -DCMAKE_BUILD_TYPE=Release).
set -euo pipefail


missing=()
for tool in curl sqlite3; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if (( ${#missing[@]} > 0 )); then
  echo "run-bench-sync: the baseline needs ${missing[*]}, which is not installed." \
       "On Debian/Ubuntu: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

source "$(dirname "${BASH_SOURCE[0]}")/../bench-lib.sh"
build_bench bench-sync

exec "$bench" "$@"
