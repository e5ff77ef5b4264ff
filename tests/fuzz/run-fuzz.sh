#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang-14, ASan+UBSan, core only) in their own
# build directory and runs each one in turn, one process on one core at nice 10, for a time
# (default 300 s) or a number of runs (default 1,000,000), whichever comes first. Crashes,
# leaks, timeouts and out-of-memory inputs land in OUTDIR/crashes/<target> (those of an earlier
# run are moved to OUTDIR/crashes-earlier/<target>). Ends with
#   RESULT fuzz targets=<n> execs=<total> crashes=<n>
#
# usage: tests/fuzz/run-fuzz.sh [-t SECONDS] [-r RUNS] [-o OUTDIR] [--merge | --merge-only] [TARGET…]
#   --merge       afterwards, minimize each target's grown corpus (libFuzzer -merge=1 into a
#                 fresh directory, the hand-written seed-* inputs first, by edges only so that it
#                 stays a few hundred small files) and put it in tests/fuzz/corpus/<target>.
#   --merge-only  no fuzzing: only that, from what an earlier run left in OUTDIR.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=300
runs=1000000
out="$root/build-fuzz/fuzz-out"
merge=0
only=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        -t) seconds="$2"; shift 2 ;;
        -r) runs="$2"; shift 2 ;;
        -o) out="$2"; shift 2 ;;
        --merge) merge=1; shift ;;
        --merge-only) merge=1; seconds=0; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        -*) echo "run-fuzz.sh: unknown option $1" >&2; exit 64 ;;
        *) only+=("$1"); shift ;;
    esac
done

build="$root/build-fuzz"
if ! command -v clang++-14 >/dev/null; then
    echo "run-fuzz.sh: clang++-14 not found (apt-get install clang-14 libclang-rt-14-dev)" >&2
    exit 69
fi
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}" CCACHE_NOHASHDIR=1
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DKIOSK_FUZZ=ON -DKIOSK_BUILD_UI=OFF -DKIOSK_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
read -r -a targets <<<"$(tr ';' ' ' <"$build/fuzz-targets.txt")"
if [[ ${#only[@]} -gt 0 ]]; then
    for t in "${only[@]}"; do
        [[ " ${targets[*]} " == *" $t "* ]] || { echo "run-fuzz.sh: no fuzz target $t (${targets[*]})" >&2; exit 64; }
    done
    targets=("${only[@]}")
fi
nice -n 10 cmake --build "$build" -j2 --target "${targets[@]/#/fuzz-}"

mkdir -p "$out"
total_execs=0
total_crashes=0
for t in "${targets[@]}"; do
    corpus="$here/corpus/$t"
    work="$out/corpus/$t"
    crashes="$out/crashes/$t"
    mkdir -p "$work" "$crashes"
    # What an earlier run found is kept aside, so that this run counts only its own crashes.
    if [[ "$seconds" -ne 0 && -n "$(ls -A "$crashes")" ]]; then
        mkdir -p "$out/crashes-earlier/$t"
        mv "$crashes"/* "$out/crashes-earlier/$t/"
    fi
    log="$out/$t.log"
    status=0
    if [[ "$seconds" -eq 0 ]]; then
        execs=0
        found=0
    else
        echo "== fuzz-$t: ${seconds} s or ${runs} runs, corpus $(find "$corpus" -type f | wc -l) files"
        # One libFuzzer process (no -jobs/-workers: one thread, one core) at nice 10; new inputs go
        # to the work corpus, the committed one is only read.
        nice -n 10 "$build/tests/fuzz/fuzz-$t" "$work" "$corpus" \
            -max_total_time="$seconds" -runs="$runs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
            -print_final_stats=1 -artifact_prefix="$crashes/" >"$log" 2>&1 || status=$?
        execs=$(awk '/^stat::number_of_executed_units:/ {n = $NF} END {print n + 0}' "$log")
        if [[ "$execs" -eq 0 ]]; then
            execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n1)
            execs=${execs:-0}
        fi
        found=$(find "$crashes" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
        # A run that died without leaving an input behind still counts as one crash.
        if [[ "$status" -ne 0 && "$found" -eq 0 ]]; then found=1; fi
        echo "   fuzz-$t: $execs runs, $found crashes (exit $status; log $log)"
        [[ "$found" -gt 0 ]] && grep -m3 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | sed 's/^/   /' || true
    fi
    total_execs=$((total_execs + execs))
    total_crashes=$((total_crashes + found))

    if [[ "$merge" -eq 1 && "$status" -eq 0 ]]; then
        fresh="$out/merged/$t"
        rm -rf "$fresh"
        mkdir -p "$fresh"
        find "$corpus" -maxdepth 1 -type f -name 'seed-*' -exec cp {} "$fresh/" \;
        # -use_counters=0: an input is kept for a new edge, not for a new hit count of one.
        nice -n 10 "$build/tests/fuzz/fuzz-$t" -merge=1 -use_counters=0 -max_len=65536 "$fresh" "$work" \
            >"$out/$t.merge.log" 2>&1
        find "$corpus" -maxdepth 1 -type f ! -name 'seed-*' -delete
        find "$fresh" -maxdepth 1 -type f ! -name 'seed-*' -exec cp {} "$corpus/" \;
        echo "   corpus/$t: $(find "$corpus" -type f | wc -l) files, $(cat "$corpus"/* | wc -c) bytes after merge"
    fi
done
if [[ "$seconds" -eq 0 ]]; then
    echo "merged the corpora of ${#targets[@]} targets (no fuzzing)"
else
    echo "RESULT fuzz targets=${#targets[@]} execs=$total_execs crashes=$total_crashes"
fi
