#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds Ward Kiosk and runs it on its embedded default
# config: bundled data, and the city simulator on 127.0.0.1:8787. Extra arguments go to the
# kiosk (e.g. --windowed 1366x768). Needs a graphical session (DISPLAY).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}

bash "$root/installer/deps-debian.sh"
cmake -S "$root" -B "$build" -G Ninja >/dev/null
cmake --build "$build" --target ward-kiosk kioskctl city-sim

if [ -z "${DISPLAY:-}" ]; then
  echo "ward-kiosk needs a display. On a machine without one, try:" >&2
  echo "  xvfb-run -s '-screen 0 1920x1080x24' $0 $*" >&2
  exit 1
fi

"$build/tests/city-sim" --port 8787 --open311-progress 60,180 2>"$build/city-sim.log" &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT
echo "city-sim on http://127.0.0.1:8787 (log: $build/city-sim.log)."
echo "VNeID login: approve the code shown by the kiosk at http://127.0.0.1:8787/vneid/phone"
"$build/ui/ward-kiosk" "$@"
