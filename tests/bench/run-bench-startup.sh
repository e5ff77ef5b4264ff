#!/usr/bin/env bash
# Builds (if needed) and runs bench-startup, which compares the start-up time and peak memory of
# ward-kiosk with those of a minimal full-screen wxWidgets app, under a private Xvfb at 1920x1080
# (the kiosk screens' size), so the numbers do not depend on the developer's desktop and it works
# on CI machines without a display. Arguments are passed to bench-startup (--runs N, --verbose,
# --kiosk PATH, --baseline PATH, --timeout S). The build directory is $BUILD_DIR (default
# <repo>/build); it is configured first if it has never been.
set -euo pipefail


for tool in cmake xvfb-run xauth; do
  command -v "$tool" >/dev/null || { echo "run-bench-startup: '$tool' is not installed" >&2; exit 1; }
done

source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
build_bench bench-startup

exec xvfb-run -a -s "-screen 0 1920x1080x24" "$bench" "$@"
