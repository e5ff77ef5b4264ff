#!/usr/bin/env bash
# Runs a command beside a private CUPS scheduler of its own: loopback port, its own config,
# spool and logs in a temporary directory, nothing of the machine's CUPS touched. Two queues:
#   kiosk-test   its backend (kiosktest) keeps every job as a file in $KIOSK_TEST_CUPS_OUT, or
#                plays a fault when that directory's file "mode" says media-empty or offline
#   kiosk-spare  the same backend, for tests that stop one queue while using the other
#   kiosk-ipp    an IPP Everywhere queue (CUPS's ipp backend) to an IPP printer of its own:
#                ippeveprinter on loopback, keeping every document it gets in $KIOSK_TEST_IPP_OUT.
#                ippeveprinter insists on a D-Bus for DNS-SD: it gets a private bus, never the
#                machine's, and advertises nothing (-r off).
# The command gets KIOSK_TEST_CUPS (host:port), KIOSK_TEST_CUPS_OUT, KIOSK_TEST_IPP_OUT and
# KIOSK_TEST_CUPS_DIR.
# cupsd runs its backends as user lp and must be started as root (CI runs as root); set
# KIOSK_TEST_CUPS_SKIP=1 to run the command without CUPS (its CUPS tests then fail, loudly).
set -euo pipefail

if [ "${KIOSK_TEST_CUPS_SKIP:-}" = 1 ]; then exec "$@"; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "with-cups.sh: starting a CUPS scheduler needs root (or set KIOSK_TEST_CUPS_SKIP=1)" >&2
  exit 2
fi
for tool in cupsd lpadmin ippeveprinter ipptool dbus-daemon; do
  command -v "$tool" >/dev/null || { echo "with-cups.sh: $tool missing: run installer/deps-debian.sh --test" >&2; exit 2; }
done

dir=$(mktemp -d /tmp/kiosk-cups.XXXXXX)
cupsd_pid=""
bus_pid=""
cleanup() {
  [ -f "$dir/ipp.pid" ] && kill "$(cat "$dir/ipp.pid")" 2>/dev/null || true
  for pid in $cupsd_pid $bus_pid; do kill "$pid" 2>/dev/null || true; done
  [ -n "$cupsd_pid" ] && { wait "$cupsd_pid" 2>/dev/null || true; }
  rm -rf "$dir"
}
trap cleanup EXIT
# A set-up step that fails says which, with what the daemons logged (set -e alone is silent).
setup_failed() {
  echo "with-cups.sh: set-up failed at line $1: $2" >&2
  for log in "$dir/log/error_log" "$dir/log/ippeveprinter.log"; do
    [ -s "$log" ] && { echo "--- $log (last 20 lines) ---" >&2; tail -20 "$log" >&2; }
  done
  return 0
}
trap 'setup_failed "$LINENO" "$BASH_COMMAND"' ERR
# lpadmin right after the scheduler said it runs may still be turned away: a few tries.
add_queue() {
  local error=""
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    error=$(lpadmin -h "127.0.0.1:$port" "$@" 2>&1) && return 0
    sleep 0.3
  done
  echo "with-cups.sh: lpadmin $*: $error" >&2
  return 1
}

# A free loopback port: the kernel picks one, we let it go and hand it to cupsd.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port=$(free_port)

mkdir -p "$dir"/{spool,cache,state,log,tmp,out,spare,ipp,bin/backend}
for sub in daemon filter cgi-bin notifier monitor driver; do
  [ -e "/usr/lib/cups/$sub" ] && ln -s "/usr/lib/cups/$sub" "$dir/bin/$sub"
done
cp "$(dirname "$0")/kiosktest-backend" "$dir/bin/backend/kiosktest"
ln -s /usr/lib/cups/backend/ipp "$dir/bin/backend/ipp"
chmod 755 "$dir" "$dir/bin" "$dir/bin/backend" "$dir/bin/backend/kiosktest"
chown -R lp:lp "$dir"/{spool,cache,tmp,out,spare}

cat > "$dir/cupsd.conf" <<CONF
Listen 127.0.0.1:$port
LogLevel info
Browsing No
WebInterface No
DefaultAuthType None
JobRetryLimit 0
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
cat > "$dir/cups-files.conf" <<CONF
ServerRoot $dir
ServerBin $dir/bin
RequestRoot $dir/spool
CacheDir $dir/cache
StateDir $dir/state
TempDir $dir/tmp
AccessLog $dir/log/access_log
ErrorLog $dir/log/error_log
PageLog $dir/log/page_log
User lp
Group lp
Printcap $dir/printcap
CONF

cupsd -t -c "$dir/cupsd.conf" -s "$dir/cups-files.conf" >"$dir/log/config-test" 2>&1 || {
  echo "with-cups.sh: cupsd refuses the generated configuration:" >&2; cat "$dir/log/config-test" >&2; exit 2; }
cupsd -f -c "$dir/cupsd.conf" -s "$dir/cups-files.conf" 2>>"$dir/log/cupsd.stderr" &
cupsd_pid=$!
# Ready when lpstat says so in words (it exits 0 whether or not the scheduler runs) and the
# cupsd we started still lives: another scheduler on the port, or ours dying, fails the wait.
scheduler_ready() {
  kill -0 "$cupsd_pid" 2>/dev/null || return 2
  [ "$(lpstat -h "127.0.0.1:$port" -r 2>/dev/null)" = "scheduler is running" ]
}
ready=""
for _ in $(seq 1 100); do
  if scheduler_ready; then ready=1; break; fi
  kill -0 "$cupsd_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$ready" ]; then
  if kill -0 "$cupsd_pid" 2>/dev/null; then echo "with-cups.sh: cupsd did not answer within 10 s" >&2
  else echo "with-cups.sh: cupsd exited during start-up" >&2; fi
  cat "$dir/log/cupsd.stderr" "$dir/log/error_log" >&2 2>/dev/null || true
  exit 2
fi
add_queue -p kiosk-test -E -v "kiosktest:$dir/out"
add_queue -p kiosk-spare -E -v "kiosktest:$dir/spare"

# The IPP printer: its own bus, its own loopback port ("localhost" so that it listens on IPv4 and
# IPv6), its documents kept (-k) in $dir/ipp; its "print command" (-c) returns at once, instead
# of the 5 to 15 s it would otherwise pretend to print. $dir/ipp-start starts it, on the same port each
# time, so that a test can pull its plug (kill "$(cat $dir/ipp.pid)") and plug it back in.
dbus-daemon --session --fork --print-pid=1 --address="unix:path=$dir/bus" > "$dir/bus.pid"
bus_pid=$(cat "$dir/bus.pid")
ipp_port=$(free_port)
ipp_uri="ipp://localhost:$ipp_port/ipp/print"
cat > "$dir/ipp-start" <<START
#!/usr/bin/env bash
DBUS_SYSTEM_BUS_ADDRESS="unix:path=$dir/bus" setsid ippeveprinter -r off -n localhost -p "$ipp_port" -d "$dir/ipp" -k \\
  -c /bin/true -f application/pdf,image/pwg-raster -M Kiosk -m "Test IPP printer" kiosk-ipp >> "$dir/log/ippeveprinter.log" 2>&1 &
echo \$! > "$dir/ipp.pid"
for _ in \$(seq 1 100); do
  ipptool -q "$ipp_uri" get-printer-attributes.test 2>/dev/null && exit 0
  kill -0 "\$(cat "$dir/ipp.pid")" 2>/dev/null || { echo "ippeveprinter exited during start-up" >&2; exit 1; }
  sleep 0.1
done
echo "ippeveprinter did not answer within 10 s" >&2
exit 1
START
chmod 755 "$dir/ipp-start"
"$dir/ipp-start" || { cat "$dir/log/ippeveprinter.log" >&2; exit 2; }
add_queue -p kiosk-ipp -E -v "$ipp_uri" -m everywhere

# From here on a failure is the command's, not the set-up's.
trap - ERR

status=0
KIOSK_TEST_CUPS="127.0.0.1:$port" KIOSK_TEST_CUPS_OUT="$dir/out" KIOSK_TEST_IPP_OUT="$dir/ipp" KIOSK_TEST_CUPS_DIR="$dir" \
  "$@" || status=$?
if [ "$status" -ne 0 ] && [ -f "$dir/log/error_log" ]; then
  echo "--- cupsd error_log (last 30 lines) ---" >&2
  tail -30 "$dir/log/error_log" >&2
fi
exit "$status"
