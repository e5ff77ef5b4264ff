#!/usr/bin/env bash
# kioskctl run by root, or by another user, does not break the kiosk (issue 16, items 5 and 6).
# The state directory belongs to the kiosk's user (here `nobody`, standing in for ward-kiosk):
#   1. root files reports (feedback submit): kioskctl becomes the owner first, so every file
#      it leaves is the owner's;
#   2. root looks (outbox list/export, status, print status, search), with the outbox closed
#      (no -wal) and held open by a "kiosk" (-wal and -shm): no file appears, no owner changes,
#      and the output is right;
#   3. another user (daemon) may neither look (the state folder is 0750: residents' reports) nor
#      write: each command is refused with exit 77 and
#      the sudo -u line to use;
#   4. outbox recover FILE by hand: the reports once, a second run adds nothing, counts only;
#   5. an outbox from a newer kiosk is set aside and recovered by the next command that writes,
#      and kioskctl status says so.
# Usage: kioskctl-owner.sh KIOSKCTL SCRATCH_DIR   (needs root; exit 4 = skipped)
set -euo pipefail
kioskctl=$(realpath "$1") scratch=$(realpath -m "$2")
if [[ $(id -u) -ne 0 ]]; then echo "SKIP: kioskctl-owner needs root"; exit 4; fi
owner=nobody other=daemon
rm -rf "$scratch" && mkdir -p "$scratch" && chmod 755 "$scratch"
state=$scratch/state
mkdir "$state" && chown "$owner:" "$state"
export WARD_KIOSK_STATE_DIR=$state
unset WARD_KIOSK_CONFIG
# Nothing answers on port 9 (discard): every send fails at once and is kept.
cat >"$scratch/kiosk.toml" <<TOML
[kiosk]
ward_code = "26740"
[city]
base_url = "http://127.0.0.1:9"
open311_url = "http://127.0.0.1:9/open311/v2"
connect_timeout_s = 1
TOML
chmod 644 "$scratch/kiosk.toml"
ctl() { "$kioskctl" --config "$scratch/kiosk.toml" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { grep -qF -- "$1" "$2" || { echo "FAIL: expected \"$1\" in $2:" >&2; cat "$2" >&2; exit 1; }; }
listing() { find "$1" -printf '%M %u:%g %p\n' | sort; }
only_owner() {
  local strangers
  strangers=$(find "$1" \( ! -user "$owner" -o ! -group "$(id -gn "$owner")" \) -printf '%u:%g %p\n')
  [[ -z $strangers ]] || fail "$2 left files not owned by $owner: $strangers"
}

# 1. Root files three reports: run as the owner.
for i in 1 2 3; do
  ctl feedback submit --service 001 --address "12 Lê Lợi" --description "Ổ gà số $i trước nhà" \
    --name "Nguyễn Thị Lan" --phone 0901234567 --no-send >"$scratch/submit$i" 2>"$scratch/submit$i.err" ||
    fail "feedback submit as root: $(cat "$scratch/submit$i.err")"
done
expect "SAVED PA-" "$scratch/submit1"
expect "running as $owner" "$scratch/submit1.err"
only_owner "$state" "feedback submit as root"
# What kioskctl writes (outbox, log, their folders) is the kiosk's own: 0640 files, 0750 folders.
open_to_others=$(find "$state" -mindepth 1 -perm /0027 -printf '%m %p\n')
[[ -z $open_to_others ]] || fail "files open to others or writable by the group: $open_to_others"
[[ -f $state/outbox.db ]] || fail "no outbox.db after feedback submit"

# 2. Root looks: nothing made, nothing chowned, the output right.
looks() {  # $1: a label
  local before after
  before=$(listing "$state")
  ctl outbox list >"$scratch/list.$1" 2>&1 || fail "outbox list ($1)"
  expect "3 report(s): 0 filed, 3 waiting, 0 refused" "$scratch/list.$1"
  ctl outbox list --json >"$scratch/json.$1" 2>&1 || fail "outbox list --json ($1)"
  expect '"description": "Ổ gà số 2 trước nhà"' "$scratch/json.$1"
  set +e
  ctl status >"$scratch/status.$1" 2>&1
  ctl print status >"$scratch/print.$1" 2>&1
  set -e
  expect "outbox:  3 report(s) waiting" "$scratch/status.$1"
  expect "no cache yet" "$scratch/status.$1"
  expect "pdf:$state/slips: READY" "$scratch/print.$1"
  ctl search "bệnh viện" --limit 3 >"$scratch/search.$1" 2>&1 || fail "search ($1)"
  expect "result(s)" "$scratch/search.$1"
  ctl outbox export "$scratch/export.$1.json" >"$scratch/export.$1" 2>&1 || fail "outbox export ($1)"
  expect "3 report(s) and 0 dossier rating(s) written" "$scratch/export.$1"
  [[ $(stat -c %a "$scratch/export.$1.json") == 600 ]] || fail "the export is not mode 0600"
  # An export never overwrites a file nor follows a link (issue 17: files and logs).
  echo "keep me" >"$scratch/existing.$1" && ln -sfn "$scratch/existing.$1" "$scratch/link.$1"
  for target in "$scratch/existing.$1" "$scratch/link.$1" "$scratch/export.$1.json"; do
    set +e; ctl outbox export "$target" >"$scratch/export-refused.$1" 2>&1; code=$?; set -e
    [[ $code == 73 ]] || fail "outbox export onto $target: exit $code, expected 73"
    expect "already exists" "$scratch/export-refused.$1"
  done
  [[ $(cat "$scratch/existing.$1") == "keep me" ]] || fail "outbox export changed a file through a link"
  after=$(listing "$state")
  [[ $before == "$after" ]] || { diff <(echo "$before") <(echo "$after") >&2; fail "read-only commands ($1) changed $state"; }
}
[[ ! -e $state/outbox.db-wal ]] || fail "a -wal is left after kioskctl closed the outbox"
looks closed

# The kiosk holds the outbox open (a reader keeps its -wal and -shm).
mkfifo "$scratch/hold"
runuser -u "$owner" -- sqlite3 -init /dev/null "$state/outbox.db" <"$scratch/hold" >/dev/null 2>&1 &
holder=$!
exec 3>"$scratch/hold"
echo "BEGIN; SELECT count(*) FROM reports;" >&3
for _ in $(seq 50); do [[ -e $state/outbox.db-shm ]] && break; sleep 0.1; done
[[ -e $state/outbox.db-wal && -e $state/outbox.db-shm ]] || fail "the holder did not open the outbox in WAL mode"
looks open
exec 3>&-
wait "$holder" || true

# 3. Another user: residents' reports are not theirs to read (the state folder is 0750), and a
#    command that writes is refused; either way they are told whom to run it as.
for command in "outbox list" "status" "outbox retry" "feedback submit --service 001 --address x --description y --anonymous --no-send" \
               "sync" "print reprint --all"; do
  before=$(listing "$state")
  set +e
  # shellcheck disable=SC2086
  runuser -u "$other" -- "$kioskctl" --config "$scratch/kiosk.toml" $command >"$scratch/other.out" 2>&1
  code=$?
  set -e
  [[ $code -eq 77 ]] || { cat "$scratch/other.out" >&2; fail "$command as $other exited $code, expected 77"; }
  expect "run it as $owner: sudo -u $owner kioskctl --config $scratch/kiosk.toml ${command%% --*}" "$scratch/other.out"
  [[ $before == "$(listing "$state")" ]] || fail "$command as $other changed $state"
done

# Root retries: the owner's files stay the owner's.
set +e
ctl outbox retry >"$scratch/retry" 2>"$scratch/retry.err"
code=$?
set -e
[[ $code -eq 69 ]] || { cat "$scratch/retry" "$scratch/retry.err" >&2; fail "outbox retry exited $code, expected 69"; }
expect "running as $owner" "$scratch/retry.err"
only_owner "$state" "outbox retry as root"

# 4. Recovery by hand into another kiosk's state (also the owner's).
cp "$state/outbox.db" "$scratch/copy.db" && chmod 644 "$scratch/copy.db"
state2=$scratch/state2
mkdir "$state2" && chown "$owner:" "$state2"
WARD_KIOSK_STATE_DIR=$state2 ctl outbox recover "$scratch/copy.db" >"$scratch/recover1" 2>&1 ||
  fail "outbox recover: $(cat "$scratch/recover1")"
expect "outbox: recovered 3 reports, 0 ratings from $scratch/copy.db; 0 already here, 0 unreadable, 0 not understood" "$scratch/recover1"
WARD_KIOSK_STATE_DIR=$state2 ctl outbox recover "$scratch/copy.db" >"$scratch/recover2" 2>&1 || fail "second outbox recover"
expect "recovered 0 reports, 0 ratings from $scratch/copy.db; 3 already here" "$scratch/recover2"
if grep -qE "Lan|0901234567|Ổ gà" "$scratch/recover1" "$scratch/recover2"; then fail "outbox recover printed personal data"; fi
WARD_KIOSK_STATE_DIR=$state2 ctl outbox list >"$scratch/list2" 2>&1
expect "3 report(s): 0 filed, 3 waiting" "$scratch/list2"
for code in $(grep -o 'PA-[0-9A-Z]*-[0-9A-Z]*' "$scratch/list.closed"); do expect "$code" "$scratch/list2"; done
set +e
WARD_KIOSK_STATE_DIR=$state2 ctl status >"$scratch/status2" 2>&1
WARD_KIOSK_STATE_DIR=$state2 ctl outbox recover "$scratch/missing.db" >"$scratch/recover3" 2>&1
code=$?
set -e
expect "outbox:  RECOVERED" "$scratch/status2"
expect "recovered 3 reports, 0 ratings from $scratch/copy.db" "$scratch/status2"
[[ $code -eq 66 ]] || fail "outbox recover of a missing file exited $code, expected 66"
only_owner "$state2" "outbox recover as root"

# 5. An outbox a newer kiosk left: set aside by the next command that writes, and recovered.
runuser -u "$owner" -- sqlite3 -init /dev/null "$state/outbox.db" "PRAGMA user_version = 99" >/dev/null
set +e
ctl outbox retry >"$scratch/retry2" 2>"$scratch/retry2.err"
ctl status >"$scratch/status3" 2>&1
set -e
expect "it was moved to $state/outbox.db.newer-" "$scratch/retry2.err"
expect "recovered 3 reports, 0 ratings from $state/outbox.db.newer-" "$scratch/retry2.err"
expect "outbox:  3 report(s) waiting" "$scratch/status3"
expect "outbox:  RECOVERED" "$scratch/status3"
expect "schema version 99 is newer than this kiosk's" "$scratch/status3"
expect "the file is kept there for staff" "$scratch/status3"
only_owner "$state" "the recovery of a newer outbox"
echo "kioskctl-owner: OK"
