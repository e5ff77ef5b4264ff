#!/usr/bin/env bash
# kioskctl print status|kept|reprint against the private CUPS of tests/printer/with-cups.sh:
# a slip kept while the printer was out of paper stays kept until it really prints.
set -euo pipefail
kioskctl=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WARD_KIOSK_STATE_DIR=$work/state
mkdir -p "$work/state/slips-kept"
cat > "$work/kiosk.toml" <<CONF
[kiosk]
ward_code = "26740"
[city]
base_url = "http://127.0.0.1:9"
[printer]
backend = "cups"
queue = "kiosk-test"
server = "$KIOSK_TEST_CUPS"
job_timeout_s = 10
CONF
fail() { echo "FAIL: $*" >&2; exit 1; }
ctl() { "$kioskctl" --config "$work/kiosk.toml" "$@"; }

out=$(ctl print status) || fail "status of a ready printer: $out"
grep -q "READY" <<<"$out" || fail "status does not say READY: $out"

kept=$work/state/slips-kept/PA-7K3M-Q9R-20261128T080000Z.pdf
printf '%%PDF-1.4\n%% a kept slip\n%%%%EOF\n' > "$kept"
ctl print kept | grep -qF "$kept" || fail "print kept does not list $kept"

echo media-empty > "$KIOSK_TEST_CUPS_OUT/mode"
set +e
out=$(ctl print reprint "$kept"); code=$?
set -e
[ "$code" -eq 69 ] || fail "reprint on an empty printer exited $code: $out"
grep -q "NOT PRINTED (media-empty)" <<<"$out" || fail "reprint did not say media-empty: $out"
[ -f "$kept" ] || fail "a slip that did not print left the kept folder"
set +e
out=$(ctl print status); code=$?
set -e
[ "$code" -eq 69 ] && grep -q "media-empty" <<<"$out" || fail "status after running out of paper ($code): $out"

echo ok > "$KIOSK_TEST_CUPS_OUT/mode"
cupsenable -h "$KIOSK_TEST_CUPS" kiosk-test
before=$(ls "$KIOSK_TEST_CUPS_OUT" | grep -c '\.out$' || true)
out=$(ctl print reprint --all) || fail "reprint --all with paper: $out"
grep -q "PRINTED kiosk-test-" <<<"$out" || fail "reprint --all did not print: $out"
[ ! -f "$kept" ] || fail "a printed slip is still kept"
after=$(ls "$KIOSK_TEST_CUPS_OUT" | grep -c '\.out$' || true)
[ "$after" -eq $((before + 1)) ] || fail "expected one more job at the printer ($before -> $after)"
ctl print kept | grep -q "No kept slips" || fail "kept folder not empty after reprint --all"
echo "kioskctl print: ok"
