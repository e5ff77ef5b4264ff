#!/usr/bin/env bash
# kioskctl login-test against city-sim's identity provider, as an administrator runs it:
#   1. approved (the simulator approves after 1.5 s): the QR, user_code and URL on lines of
#      their own, then the validated claims; exit 0;
#   2. the code expires before anyone approves: exit non-zero, "EXPIRED";
#   3. the wrong client id: exit non-zero, "FAILED".
# Usage: kioskctl-login-test.sh KIOSKCTL CITY_SIM SCRATCH_DIR
set -euo pipefail
kioskctl=$1 sim=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
export WARD_KIOSK_STATE_DIR="$scratch/state"
unset WARD_KIOSK_CONFIG

source "$(dirname "${BASH_SOURCE[0]}")/city-sim-lib.sh"
write_config() {
  printf '[kiosk]\nward_code = "26740"\n[city]\nbase_url = "http://127.0.0.1:%s"\n[sync]\nenabled = false\n' "$port" \
    >"$scratch/kiosk.toml"
}

start_sim --vneid-interval 1 --vneid-auto-approve-ms 1500
write_config
"$kioskctl" --config "$scratch/kiosk.toml" login-test >"$scratch/out1" 2>&1 || {
  echo "FAIL: an approved login exited non-zero" >&2; cat "$scratch/out1" >&2; exit 1; }
expect "██" "$scratch/out1"
grep -Eq '^user_code: [A-Z]{4}-[A-Z]{4}$' "$scratch/out1" || { echo "FAIL: no user_code line" >&2; cat "$scratch/out1" >&2; exit 1; }
grep -Eq "^verification_uri_complete: http://127.0.0.1:$port/vneid/phone\?user_code=" "$scratch/out1" || {
  echo "FAIL: no verification_uri_complete line" >&2; cat "$scratch/out1" >&2; exit 1; }
expect "APPROVED; the ID token is valid" "$scratch/out1"
expect "name:       Nguyễn Văn Thử" "$scratch/out1"
expect "tokens revoked" "$scratch/out1"

stop_sim
start_sim --vneid-interval 1 --vneid-expires 2
write_config
if "$kioskctl" --config "$scratch/kiosk.toml" login-test >"$scratch/out2" 2>&1; then
  echo "FAIL: an expired login exited 0" >&2; exit 1; fi
expect "EXPIRED" "$scratch/out2"

if "$kioskctl" --config "$scratch/kiosk.toml" login-test --client-id someone-else >"$scratch/out3" 2>&1; then
  echo "FAIL: an unknown client exited 0" >&2; exit 1; fi
expect "FAILED" "$scratch/out3"
echo "kioskctl login-test: OK"
