#!/usr/bin/env bash
# The layout audit alone (issue 18, item 8): builds test-gui-audit if needed and runs it at
# 1920x1080, 1366x768 and 1080x1920 through CTest (each under its own Xvfb), then prints each
# size's RESULT line and where its report and screenshots are. Exit code: CTest's (0 when no
# screen has a violation). The build directory is $BUILD_DIR (default <repo>/build).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$repo/build}"
for tool in cmake ctest xvfb-run; do
  command -v "$tool" >/dev/null || { echo "run-audit: '$tool' is not installed (installer/deps-debian.sh --test)" >&2; exit 1; }
done
if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  cmake -S "$repo" -B "$BUILD_DIR" "${generator[@]}"
fi
cmake --build "$BUILD_DIR" --target test-gui-audit
log=$(mktemp)
trap 'rm -f "$log"' EXIT
code=0
ctest --test-dir "$BUILD_DIR" -R '^test-gui-audit-' --output-on-failure >"$log" 2>&1 || code=$?
grep -E "RESULT audit|tests passed|tests failed" "$log" | sed 's/\x1b\[[0-9;]*m//g' || true
for size in 1920x1080 1366x768 1080x1920; do
  report="$BUILD_DIR/screenshots/$size/audit-report.txt"
  [[ -f $report ]] && echo "$size: $(wc -l <"$report") violation(s) in $report; screenshots audit-*.png beside it"
done
[[ $code -eq 0 ]] || { echo "run-audit: violations found (or the audit could not run):" >&2; tail -40 "$log" >&2; }
exit "$code"
