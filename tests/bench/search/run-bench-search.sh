#!/usr/bin/env bash
# Builds (if needed) and runs bench-search, which times the directory's search-as-you-type at
# 200,000 entries (DirectoryRepository::search at every keystroke of 28 real queries) against a
# plain LIKE scan of the same database file, plus the cold open of that file and its first search.
# Arguments are passed to bench-search (--entries N, --db PATH, --verbose, --repeats N, --cap N,
# --no-prototype, --data DIR; see --help). The build directory is $BUILD_DIR (default
# <repo>/build); it is configured first if it has never been. Runs from any directory.
#
# bench-search needs only the core library, but it lives in tests/bench, which the project adds
# only when the wxWidgets shell is built (KIOSK_BUILD_UI=ON, the default) with KIOSK_BUILD_TESTS=ON.
set -euo pipefail



source "$(dirname "${BASH_SOURCE[0]}")/../bench-lib.sh"
build_bench bench-search

exec "$bench" "$@"
