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

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$repo/build}"

command -v cmake >/dev/null || { echo "run-bench-search: 'cmake' is not installed" >&2; exit 1; }

if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  cmake -S "$repo" -B "$BUILD_DIR" "${generator[@]}"
fi
if ! cmake --build "$BUILD_DIR" --target bench-search; then
  echo "run-bench-search: could not build bench-search in $BUILD_DIR (it needs KIOSK_BUILD_UI=ON and" \
       "KIOSK_BUILD_TESTS=ON: tests/bench is only added with the shell)" >&2
  exit 1
fi

bench="$BUILD_DIR/tests/bench/search/bench-search"
if [[ ! -x "$bench" ]]; then
  bench="$(find "$BUILD_DIR" -maxdepth 5 -type f -name bench-search -perm -u+x -print -quit)"
fi
if [[ -z "$bench" || ! -x "$bench" ]]; then
  echo "run-bench-search: bench-search was not found under $BUILD_DIR after building" >&2
  exit 1
fi

exec "$bench" "$@"
