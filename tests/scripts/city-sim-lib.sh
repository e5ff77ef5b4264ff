# Sourced by the kioskctl test scripts: start and stop city-sim on a free loopback port.
# Needs $sim (the city-sim program) and $scratch (a folder); sets $port and $sim_pid.
sim_pid=
stop_sim() { [[ -n "$sim_pid" ]] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null; sim_pid=; return 0; }
trap stop_sim EXIT
start_sim() {  # start_sim [city-sim flags]: waits until it listens; tries other ports if taken
  for _attempt in 1 2 3 4 5; do
    port=$((20000 + (RANDOM % 20000)))
    rm -f "$scratch/sim.log"  # the previous run's "listening on" must not be mistaken for this one's
    "$sim" --port "$port" "$@" >"$scratch/sim.log" 2>&1 &
    sim_pid=$!
    # Up to 60 s: a sanitizer build on a busy machine loads the bundled data slowly (a 10 s wait
    # once gave up on a simulator that was still loading). A simulator that cannot listen exits,
    # and the wait ends at once.
    for _ in $(seq 1 600); do
      grep -q "listening on http://127.0.0.1:$port" "$scratch/sim.log" 2>/dev/null && return 0
      kill -0 "$sim_pid" 2>/dev/null || break
      sleep 0.1
    done
    stop_sim
  done
  echo "FAIL: city-sim did not start" >&2; cat "$scratch/sim.log" >&2; exit 1
}
expect() {  # expect TEXT FILE
  grep -qF -- "$1" "$2" || { echo "FAIL: expected \"$1\" in:" >&2; cat "$2" >&2; exit 1; }
}
