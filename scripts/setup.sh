#!/usr/bin/env bash
# Persona Workbench setup for a fresh Debian 12 machine. Idempotent: a second run installs,
# fetches and rebuilds nothing that is already there.
#
#   scripts/setup.sh --run     install, fetch the default models, build, start the workbench
#   scripts/setup.sh --test    install, fetch, build, run the whole test suite
#   scripts/setup.sh --build   install, fetch, build only
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${PERSONA_BUILD_DIR:-$ROOT/build}"
MODE="${1:---build}"

APT_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git python3 python3-pip
  libtorch-dev libopenblas0-pthread
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqcustomplot-dev
  nlohmann-json3-dev libsqlite3-dev sqlite3 libpcre2-dev libutf8proc-dev libcli11-dev
  libcurl4-openssl-dev libzip-dev
  xvfb xauth fonts-dejavu-core
  appstream dpkg-dev
)

log() { printf 'setup: %s\n' "$*"; }

install_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "Debian packages present"
    return
  fi
  log "installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

fetch_models() {
  python3 "$ROOT/scripts/fetch_models.py"
}

build() {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    log "configuring $BUILD_DIR"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
  fi
  # Two cores: keep the compiler count at the core count.
  cmake --build "$BUILD_DIR" --parallel "$(nproc)"
}

case "$MODE" in
  --run|--test|--build) ;;
  *) echo "usage: $0 [--run | --test | --build]" >&2; exit 2 ;;
esac

install_packages
fetch_models
build

case "$MODE" in
  --run)
    exec "$BUILD_DIR/app/gui/persona-workbench"
    ;;
  --test)
    cd "$BUILD_DIR"
    # One test per core, each on one thread (PERSONA_NUM_THREADS=1, see tests/CMakeLists.txt).
    # Tests labelled `bench` are measurements for docs/, not checks: run them with `ctest -L bench`.
    exec ctest --output-on-failure --parallel "$(nproc)" --timeout 900 --label-exclude bench
    ;;
esac
