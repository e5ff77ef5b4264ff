#!/usr/bin/env bash
# kioskctl sync and status against city-sim, as an administrator would run them:
#   1. the city fails one dataset (503): the others are applied, the command says which failed
#      and exits 69, and status shows the cause; the kiosk's data for it is kept;
#   2. the city is well again: the next sync completes and exits 0.
# Usage: kioskctl-sync.sh KIOSKCTL CITY_SIM SCRATCH_DIR
set -euo pipefail
kioskctl=$1 sim=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
export WARD_KIOSK_STATE_DIR="$scratch/state"
unset WARD_KIOSK_CONFIG

source "$(dirname "${BASH_SOURCE[0]}")/city-sim-lib.sh"
write_config() {
  cat >"$scratch/kiosk.toml" <<TOML
[kiosk]
ward_code = "26740"
id = "kiosk-test-1"
[city]
base_url = "http://127.0.0.1:$port"
connect_timeout_s = 2
[sync]
datasets = ["hotlines", "ward-offices", "tourism-events"]
retry_min_s = 1
retry_max_s = 2
TOML
}

start_sim --fault 503 --fault-dataset ward-offices
write_config
set +e
"$kioskctl" --config "$scratch/kiosk.toml" sync >"$scratch/out1" 2>"$scratch/err1"
code=$?
set -e
[[ $code -eq 69 ]] || { echo "FAIL: sync with a failing dataset exited $code, expected 69" >&2; cat "$scratch/out1" "$scratch/err1" >&2; exit 1; }
expect "hotlines           version 1 applied (full)" "$scratch/out1"
expect "ward-offices       FAILED: HTTP 503 (kept the previous data" "$scratch/out1"
expect "INCOMPLETE" "$scratch/out1"
"$kioskctl" --config "$scratch/kiosk.toml" status >"$scratch/status1" 2>&1
expect "hotlines           1        6" "$scratch/status1"
expect "ward-offices       0        168     never           bundled data, city has version 1" "$scratch/status1"
expect "last error (1 in a row" "$scratch/status1"
expect "HTTP 503" "$scratch/status1"

stop_sim
start_sim
write_config
"$kioskctl" --config "$scratch/kiosk.toml" sync --dataset ward-offices >"$scratch/out2" 2>"$scratch/err2" || {
  echo "FAIL: sync after recovery" >&2; cat "$scratch/out2" "$scratch/err2" >&2; exit 1; }
expect "ward-offices       version 1 applied (full): 168 rows" "$scratch/out2"
expect "OK: sync took" "$scratch/out2"
"$kioskctl" --config "$scratch/kiosk.toml" status >"$scratch/status2" 2>&1
expect "ward-offices       1        168" "$scratch/status2"
if grep -q "last error" "$scratch/status2"; then echo "FAIL: an error is still shown after recovery" >&2; cat "$scratch/status2" >&2; exit 1; fi
"$kioskctl" --config "$scratch/kiosk.toml" sync --dataset weather >"$scratch/out3" 2>&1 && { echo "FAIL: unknown dataset accepted" >&2; exit 1; }
expect "is not in [sync] datasets" "$scratch/out3"
echo "kioskctl sync/status: OK"
