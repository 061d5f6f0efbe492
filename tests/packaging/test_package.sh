#!/usr/bin/env bash
# The Debian package as a user gets it (issue 33, defect 11): `cpack -G DEB` of this build, unpacked
# into a scratch root (dpkg-deb -x, no root rights needed), holds the programs, the desktop entry,
# valid AppStream metadata, the manifest and the fetch script; the installed `persona`, started
# from there with a fresh home, looks for the default files in the user's data folder and the
# share folder beside it, never in this build's source tree; given the files there, it finds them.
# Usage: test_package.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$1"
src="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

metainfo="$src/packaging/io.github.persona_workbench.workbench.metainfo.xml"
appstreamcli validate --no-net "$metainfo" || fail "appstreamcli validate $metainfo"

(cd "$build" && cpack -G DEB -B "$work/pkg" > "$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; fail "cpack -G DEB"; }
deb="$(ls "$work"/pkg/*.deb)"
dpkg-deb --info "$deb" > "$work/control.txt"
grep -q "Package: persona-workbench" "$work/control.txt" || fail "$deb: no package name"
grep -q "Depends:.*libtorch" "$work/control.txt" || { cat "$work/control.txt" >&2; fail "$deb: its dependencies do not name LibTorch"; }
dpkg-deb -x "$deb" "$work/root"
root="$work/root"
for f in usr/bin/persona usr/bin/persona-workbench usr/share/applications/persona-workbench.desktop \
         usr/share/metainfo/io.github.persona_workbench.workbench.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/persona-workbench.svg \
         usr/share/persona-workbench/models/manifest.json usr/share/persona-workbench/scripts/fetch_models.py \
         usr/share/doc/persona-workbench/README.md; do
  [ -e "$root/$f" ] || fail "$deb lacks /$f"
done
appstreamcli validate --no-net "$root/usr/share/metainfo/io.github.persona_workbench.workbench.metainfo.xml" > /dev/null \
  || fail "the installed metainfo does not validate"

# The installed CLI, a fresh home, no model anywhere it looks.
run() {
  env -u PERSONA_MODELS_DIR -u XDG_DATA_HOME HOME="$work/home" XDG_DATA_DIRS="$work/nowhere" "$root/usr/bin/persona" "$@"
}
mkdir -p "$work/home"
run info --json > "$work/info.json" || fail "the installed persona info failed"
userModels="$work/home/.local/share/persona-workbench/models"
python3 - "$work/info.json" "$userModels" "$root/usr/share/persona-workbench/models" "$src" <<'PY' || fail "persona info (no models)"
import json, sys
info, user, beside, src = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]
assert info["modelsDir"] == user, info["modelsDir"]
assert info["modelsSearched"][:2] == [user, beside], info["modelsSearched"]
assert not any(m["present"] for m in info["models"]), info["models"]
assert not any(p.startswith(src) for p in info["modelsSearched"]), info["modelsSearched"]
PY
run info > "$work/info.txt"
grep -q "fetch_models.py --dest $userModels" "$work/info.txt" || { cat "$work/info.txt" >&2; fail "persona info does not say how to fetch"; }
# A command that needs the dataset names where it looked, and fails cleanly.
if run data stats > "$work/stats.txt" 2>&1; then fail "data stats without a dataset succeeded"; fi
grep -q "$userModels" "$work/stats.txt" || { cat "$work/stats.txt" >&2; fail "the error does not name $userModels"; }

# The default files in the user's folder (this build's, linked): found there.
mkdir -p "$(dirname "$userModels")"
ln -s "$src/models" "$userModels"
run info --json > "$work/info2.json"
python3 - "$work/info2.json" <<'PY' || fail "persona info (models in the user's folder)"
import json, sys
info = json.load(open(sys.argv[1]))
assert all(m["present"] for m in info["models"]), info["models"]
PY
run data stats --json > "$work/stats.json" || fail "the installed persona data stats failed"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['users'] == 943, d" "$work/stats.json" \
  || fail "data stats: not MovieLens 100K's 943 users"
echo "package: $(basename "$deb") installs and runs from a scratch root"
