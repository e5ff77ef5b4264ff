#!/usr/bin/env bash
# Builds (if needed) and runs bench-startup, which compares the start-up time and peak memory of
# ward-kiosk with those of a minimal full-screen wxWidgets app, under a private Xvfb at 1920x1080
# (the kiosk screens' size), so the numbers do not depend on the developer's desktop and it works
# on CI machines without a display. Arguments are passed to bench-startup (--runs N, --verbose,
# --kiosk PATH, --baseline PATH, --timeout S). The build directory is $BUILD_DIR (default
# <repo>/build); it is configured first if it has never been.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$repo/build}"

for tool in cmake xvfb-run xauth; do
  command -v "$tool" >/dev/null || { echo "run-bench-startup: '$tool' is not installed" >&2; exit 1; }
done

if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  cmake -S "$repo" -B "$BUILD_DIR" "${generator[@]}"
fi
cmake --build "$BUILD_DIR" --target bench-startup

bench="$BUILD_DIR/tests/bench/bench-startup"
if [[ ! -x "$bench" ]]; then
  # Built elsewhere in the tree (e.g. a build that adds tests/bench from another project).
  bench="$(find "$BUILD_DIR" -maxdepth 4 -type f -name bench-startup -perm -u+x -print -quit)"
fi
if [[ -z "$bench" || ! -x "$bench" ]]; then
  echo "run-bench-startup: bench-startup was not found under $BUILD_DIR after building" >&2
  exit 1
fi

exec xvfb-run -a -s "-screen 0 1920x1080x24" "$bench" "$@"
