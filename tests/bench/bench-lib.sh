# Sourced by the run-bench-*.sh scripts. build_bench TARGET: configures $BUILD_DIR if it has
# never been (Ninja when available), builds TARGET there and sets $bench to the program.
# tests/bench is only part of the build with the shell (KIOSK_BUILD_UI=ON, the default).
build_bench() {
  local target=$1 repo
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  BUILD_DIR="${BUILD_DIR:-$repo/build}"
  command -v cmake >/dev/null || { echo "run-$target: 'cmake' is not installed" >&2; exit 1; }
  if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
    local generator=()
    command -v ninja >/dev/null && generator=(-G Ninja)
    cmake -S "$repo" -B "$BUILD_DIR" "${generator[@]}"
  fi
  if ! cmake --build "$BUILD_DIR" --target "$target"; then
    echo "run-$target: could not build $target in $BUILD_DIR (tests/bench is only added with the" \
         "shell: KIOSK_BUILD_UI=ON and KIOSK_BUILD_TESTS=ON)" >&2
    exit 1
  fi
  bench="$(find "$BUILD_DIR/tests/bench" -maxdepth 2 -type f -name "$target" -perm -u+x -print -quit 2>/dev/null)"
  if [[ -z "$bench" || ! -x "$bench" ]]; then
    echo "run-$target: $target was not found under $BUILD_DIR after building" >&2
    exit 1
  fi
}
