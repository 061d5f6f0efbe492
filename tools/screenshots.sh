#!/usr/bin/env bash
# Saves a PNG of each workbench view into docs/screenshots/ by running persona-workbench under
# Xvfb with its hidden --screenshot-dir option (loads the default dataset, selects a user, grabs
# each tab, quits). Usage: tools/screenshots.sh [build-dir] [extra persona-workbench options]
#   e.g. tools/screenshots.sh build --store /path/to/store.sqlite --screenshot-user 196
# SCREENSHOT_DIR=DIR saves them elsewhere than docs/screenshots.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
shift || true
app="$build/app/gui/persona-workbench"
out="${SCREENSHOT_DIR:-$root/docs/screenshots}"

if [[ ! -x "$app" ]]; then
    echo "screenshots: $app not found; build it first: cmake --build $build --target persona-workbench" >&2
    exit 1
fi
if ! command -v xvfb-run >/dev/null; then
    echo "screenshots: xvfb-run not found (apt-get install xvfb)" >&2
    exit 1
fi

mkdir -p "$out"
# A throwaway settings folder so the user's window state and recent files are neither used nor changed.
settings="$(mktemp -d)"
trap 'rm -rf "$settings"' EXIT
export XDG_CONFIG_HOME="$settings"
export QT_QPA_PLATFORM=xcb

xvfb-run -a -s "-screen 0 1400x900x24" "$app" --screenshot-dir "$out" "$@"
ls -l "$out"/*.png
