#!/usr/bin/env bash
# Builds the workbench with AddressSanitizer and UndefinedBehaviorSanitizer (-DPERSONA_SANITIZE=ON,
# GCC, RelWithDebInfo) in its own build folder and runs the test suite there.
#
#   tools/sanitize.sh [ctest arguments...]      # default: -LE bench (the whole suite)
#   tools/sanitize.sh -L core                   # the core tests only
#
# Only the project's code is instrumented (LibTorch, Qt and OpenBLAS come from Debian), so a report
# points at this project. UBSan stops at the first finding (-fno-sanitize-recover), ASan too; leak
# checking is on. On 2 cores the build takes an hour or more (the LibTorch units are slow to
# compile with the sanitizers); ninja picks up where an interrupted build stopped.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${PERSONA_SANITIZE_BUILD_DIR:-$ROOT/build-asan}"

if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPERSONA_SANITIZE=ON
fi
cmake --build "$BUILD" --parallel "$(nproc)"

args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-LE bench)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# Qt's and LibTorch's own allocations that live until exit are not the project's leaks.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/tools/lsan.supp:print_suppressions=0}"
cd "$BUILD"
exec ctest --output-on-failure --parallel "$(nproc)" --timeout 1800 "${args[@]}"
