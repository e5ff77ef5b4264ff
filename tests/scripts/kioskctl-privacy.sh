#!/usr/bin/env bash
# kioskctl privacy status|apply|erase|damaged as staff would run them (issue 17, items 2 and 3):
#   1. status counts what is held and how old, never the data;
#   2. erase --tracking-code with the city unreachable keeps the unsent report (exit 75) and says
#      how to drop it; with the city up, the report is sent first, then erased; --drop-unsent
#      drops one the city never had;
#   3. erase --phone finds the number in any form;
#   4. apply deletes old slips; damaged copies only after "damaged --seen";
#   5. no output, and no file left under the state folder, holds the resident's name, number or text.
# Usage: kioskctl-privacy.sh KIOSKCTL CITY_SIM SCRATCH_DIR
set -euo pipefail
kioskctl=$(realpath "$1") sim=$(realpath "$2") scratch=$(realpath -m "$3")
rm -rf "$scratch" && mkdir -p "$scratch"
export WARD_KIOSK_STATE_DIR="$scratch/state"
unset WARD_KIOSK_CONFIG
source "$(dirname "${BASH_SOURCE[0]}")/city-sim-lib.sh"

name="Canarypersonzq" phone="0987650001" text="canarytextzq"
write_config() {  # write_config PORT
  cat >"$scratch/kiosk.toml" <<TOML
[kiosk]
ward_code = "26740"
[city]
base_url = "http://127.0.0.1:$1"
open311_url = "http://127.0.0.1:$1/open311/v2"
connect_timeout_s = 1
[feedback]
api_key = "kiosk-test-key"
[privacy]
slip_days = 2
damaged_days = 0
TOML
}
ctl() { "$kioskctl" --config "$scratch/kiosk.toml" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
run() {  # run EXPECTED_CODE OUTFILE ARGS...: the exit code must be EXPECTED_CODE
  local want=$1 out=$2 code=0
  shift 2
  ctl "$@" >"$out" 2>&1 || code=$?
  [[ $code -eq $want ]] || { echo "FAIL: kioskctl $* exited $code, expected $want:" >&2; cat "$out" >&2; exit 1; }
}
no_canary() {  # no_canary FILE...: none of the resident's data in these files
  local hits
  hits=$(grep -alE "$name|$phone|98765 ?0001|$text" "$@" 2>/dev/null || true)
  [[ -z $hits ]] || { echo "FAIL: the resident's data is in: $hits" >&2; exit 1; }
}

# Nothing answers on port 9: reports are saved, not sent.
write_config 9
for i in 1 2; do
  run 0 "$scratch/submit$i" feedback submit --service 005 --address "12 Lê Lợi" --description "$text số $i" \
    --name "Nguyễn $name" --phone "$phone" --no-send
done
grep -qa "$text" "$scratch/state/outbox.db"* || fail "the canary is not in the new outbox: the final check could not fail"
code1=$(grep -o 'PA-[0-9A-Z-]*' "$scratch/submit1" | head -1)
[[ -n $code1 ]] || fail "no tracking code in: $(cat "$scratch/submit1")"

# 1. What is held.
run 0 "$scratch/status1" privacy status
expect "reports holding name, phone, e-mail or VNeID account: 2, the oldest collected 0 day(s) old" "$scratch/status1"
expect "reports the city does not have yet: 2" "$scratch/status1"
no_canary "$scratch/status1"

# 2. The city cannot be reached: the unsent report is kept and staff are told how to drop it.
run 75 "$scratch/erase1" privacy erase --tracking-code "${code1,,}"
expect "KEPT 1 report(s) the city does not have yet" "$scratch/erase1"
expect "--drop-unsent" "$scratch/erase1"
run 0 "$scratch/list1" outbox list
expect "$code1" "$scratch/list1"

# The city is up: erase sends the report first, then erases it from the kiosk.
start_sim
write_config "$port"
run 0 "$scratch/erase2" privacy erase --tracking-code "$code1"
expect "sending the resident's reports the city does not have yet first" "$scratch/erase2"
expect "erased 1 report(s) the city has" "$scratch/erase2"
run 0 "$scratch/list2" outbox list
grep -qF "$code1" "$scratch/list2" && fail "the erased report is still listed: $(cat "$scratch/list2")"
stop_sim

# 3. By phone in another form: the second report (sent with the first) and a third one the city
# never had, which the resident agrees to drop.
write_config 9
run 0 "$scratch/submit3" feedback submit --service 005 --address "12 Lê Lợi" --description "$text số 3" \
  --name "Nguyễn $name" --phone "0987 650 001" --no-send
run 0 "$scratch/erase3" privacy erase --phone "+84 987 650 001" --drop-unsent
expect "erased 1 report(s) the city has, dropped 1 report(s) the city never had" "$scratch/erase3"
run 0 "$scratch/status2" privacy status
expect "reports holding name, phone, e-mail or VNeID account: 0" "$scratch/status2"
run 64 "$scratch/erase4" privacy erase --tracking-code "not-a-code"
run 64 "$scratch/erase5" privacy erase --phone "12"

# 4. Slips: one three days old goes, one from today stays. Damaged copies: only once seen.
mkdir -p "$scratch/state/slips" "$scratch/state/slips-kept"
touch -d "3 days ago" "$scratch/state/slips/PA-26740-AAAA-BBB-20261201T010000Z.pdf"
touch "$scratch/state/slips-kept/PA-26740-CCCC-DDD-20261207T010000Z.pbm"
printf 'old rows' >"$scratch/state/outbox.db.corrupt-20261201T010000Z"
run 0 "$scratch/apply1" privacy apply
expect "deleted 1 slip file(s) and 0 damaged outbox copy(ies)" "$scratch/apply1"
[[ -f $scratch/state/slips-kept/PA-26740-CCCC-DDD-20261207T010000Z.pbm ]] || fail "a new kept slip was deleted"
run 0 "$scratch/damaged1" privacy damaged
expect "NOT SEEN" "$scratch/damaged1"
run 0 "$scratch/damaged2" privacy damaged --seen
expect "1 damaged outbox copy(ies) marked seen" "$scratch/damaged2"
run 0 "$scratch/apply2" privacy apply
expect "deleted 0 slip file(s) and 1 damaged outbox copy(ies)" "$scratch/apply2"
[[ ! -e $scratch/state/outbox.db.corrupt-20261201T010000Z ]] || fail "the seen damaged copy is still there"

# 5. Nothing of the resident in any output or any file the kiosk keeps (the log included).
no_canary "$scratch"/erase* "$scratch"/status* "$scratch"/apply* "$scratch"/damaged*
mapfile -t kept < <(find "$scratch/state" -type f)
no_canary "${kept[@]}"

# 6. Package purge (installer/debian/prerm, postrm under DPKG_ROOT): the outbox is kept while it
# holds a report the city does not have; once it holds none, purge leaves nothing of residents.
root=$scratch/root
debian=$(dirname "${BASH_SOURCE[0]}")/../../installer/debian
purge() {
  mkdir -p "$root/var/lib" "$root/var/log/ward-kiosk" "$root/var/cache/ward-kiosk"
  rm -rf "$root/var/lib/ward-kiosk" && cp -a "$scratch/state" "$root/var/lib/ward-kiosk"
  mkdir -p "$root/var/lib/ward-kiosk/slips" && touch "$root/var/lib/ward-kiosk/slips/PA-26740-EEEE-FFF-1.pdf"
  PATH="$(dirname "$kioskctl"):$PATH" WARD_KIOSK_STATE_DIR="$root/var/lib/ward-kiosk" \
    WARD_KIOSK_CONFIG="$scratch/kiosk.toml" DPKG_ROOT="$root" sh "$debian/prerm" remove
  DPKG_ROOT="$root" sh "$debian/postrm" remove
  DPKG_ROOT="$root" sh "$debian/postrm" purge 2>"$scratch/purge.err"
}
run 0 "$scratch/submit4" feedback submit --service 005 --address "12 Lê Lợi" --description "$text số 4" \
  --name "Nguyễn $name" --phone "$phone" --no-send
purge
[[ -f $root/var/lib/ward-kiosk/outbox.db ]] || fail "purge deleted an outbox holding an unsent report"
[[ ! -e $root/var/lib/ward-kiosk/slips && ! -e $root/var/log/ward-kiosk ]] || fail "purge left slips or logs"
expect "outbox.db is kept" "$scratch/purge.err"
run 0 "$scratch/erase6" privacy erase --phone "$phone" --drop-unsent
purge
[[ ! -e $root/var/lib/ward-kiosk ]] || fail "purge left $(find "$root/var/lib/ward-kiosk")"
echo "kioskctl privacy: OK"
