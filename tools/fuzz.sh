#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang, AddressSanitizer and UndefinedBehavior-
# Sanitizer in their own build folder, then runs each for SECONDS (default 60) on its seed corpus
# (tests/fuzz/corpus/TARGET, with tests/fuzz/dict/TARGET.dict where there is one).
#
#   tools/fuzz.sh [SECONDS] [TARGET...]     # every target when none is named
#
# Inputs that grow coverage are kept in $BUILD/corpus/TARGET (not committed; copy a small one into
# tests/fuzz/corpus when it is worth keeping). A finding (crash, sanitizer report, uncaught
# exception other than persona::Error, timeout, leak) stops that target, leaves the input in
# $BUILD/findings/ and makes the script exit 1 after the others ran. Each finding becomes a
# regression test before it is fixed. The table at the end gives executions and seconds a target.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${PERSONA_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
SECONDS_EACH="${1:-60}"
shift || true
case "$SECONDS_EACH" in
  ''|*[!0-9]*) echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac

log() { printf 'fuzz: %s\n' "$*"; }

# clang and its fuzzer runtime (Debian 12: clang-14, libclang-rt-14-dev).
need=()
command -v clang++-14 >/dev/null || need+=(clang-14)
[ -e /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ] ||
  ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || need+=(libclang-rt-14-dev)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

if [ ! -f "$BUILD/build.ninja" ]; then
  log "configuring $BUILD (clang++-14, ASan, UBSan, libFuzzer)"
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
    -DPERSONA_FUZZ=ON -DPERSONA_BUILD_GUI=OFF -DPERSONA_BUILD_TESTS=OFF >/dev/null
fi
log "building"
cmake --build "$BUILD" --target fuzz_all --parallel "$(nproc)"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for src in "$ROOT"/tests/fuzz/fuzz_*.cpp; do
    targets+=("$(basename "$src" .cpp)")
  done
fi

mkdir -p "$BUILD/findings"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
summary=()
for t in "${targets[@]}"; do
  exe="$BUILD/tests/fuzz/$t"
  [ -x "$exe" ] || { echo "fuzz: no target $t" >&2; exit 2; }
  work="$BUILD/corpus/$t"
  mkdir -p "$work"
  args=(-max_total_time="$SECONDS_EACH" -timeout=20 -rss_limit_mb=4096 -max_len=65536
        -print_final_stats=1 -artifact_prefix="$BUILD/findings/$t-")
  [ -f "$ROOT/tests/fuzz/dict/$t.dict" ] && args+=(-dict="$ROOT/tests/fuzz/dict/$t.dict")
  log "$t for ${SECONDS_EACH}s"
  logfile="$BUILD/$t.log"
  if "$exe" "${args[@]}" "$work" "$ROOT/tests/fuzz/corpus/$t" >"$logfile" 2>&1; then
    result="ok"
  else
    result="FINDING (see $logfile and $BUILD/findings/)"
    status=1
    tail -n 40 "$logfile" >&2
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logfile" | tail -n 1 || true)
  secs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$logfile" | tail -n 1 || true)
  cov=$( (grep -o 'cov: [0-9]*' "$logfile" || true) | tail -n 1 | cut -d' ' -f2)
  summary+=("$(printf '%-22s %12s execs %6ss  cov %6s  %s' "$t" "${runs:-?}" "${secs:-?}" "${cov:-?}" "$result")")
done
printf '%s\n' "${summary[@]}"
exit $status
