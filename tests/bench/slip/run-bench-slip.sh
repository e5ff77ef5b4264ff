#!/usr/bin/env bash
# Builds (if needed) and runs bench-slip beside a private CUPS scheduler (tests/printer/with-cups.sh,
# needs root like the print tests) and under Xvfb. Arguments go to bench-slip (--runs N,
# --frames N). Last line: RESULT slip queue_ms=<x> decode_ms=<y> (targets 300 and 30).
# The build directory is $BUILD_DIR (default <repo>/build).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../bench-lib.sh"
build_bench bench-slip
exec "$here/../../printer/with-cups.sh" xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" "$bench" "$@"
