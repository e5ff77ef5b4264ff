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

sim_url=http://127.0.0.1:8787
"$build/tests/city-sim" --port 8787 --open311-progress 60,180 2>"$build/city-sim.log" &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT
# The kiosk's default config talks to 127.0.0.1:8787: it starts only once our simulator answers
# there. If it cannot listen (the port taken by something else) the kiosk would talk to that.
sim_up=""
for _ in $(seq 1 300); do  # 30 s; a simulator that cannot listen exits, and this ends at once
  if ! kill -0 "$sim" 2>/dev/null; then break; fi
  if grep -q "listening on $sim_url" "$build/city-sim.log" &&
     curl -fsS --max-time 2 "$sim_url/health" 2>/dev/null | grep -q '"service":"city-sim"'; then
    sim_up=1; break
  fi
  sleep 0.1
done
if [ -z "$sim_up" ]; then
  echo "run-kiosk.sh: the city simulator did not start on $sim_url, so the kiosk was not started." >&2
  tail -5 "$build/city-sim.log" | sed 's/^/  /' >&2
  if holder=$(ss -Hltnp "sport = :8787" 2>/dev/null) && [ -n "$holder" ]; then
    echo "  Port 8787 is held by: $holder" >&2
    echo "  Stop that program (an earlier run-kiosk.sh?) and run this again." >&2
  fi
  exit 1
fi
echo "city-sim on http://127.0.0.1:8787 (log: $build/city-sim.log)."
echo "VNeID login: approve the code shown by the kiosk at http://127.0.0.1:8787/vneid/phone"
"$build/ui/ward-kiosk" "$@"
