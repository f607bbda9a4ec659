#!/usr/bin/env python3
"""Builds and inspects the VS Code extension (editors/vscode) for vsix.test.

usage: vsix.py package SRC CACHE OUT   -> OUT/flyte.vsix, then prints its entries
       vsix.py tokenize SRC CACHE FILE -> TextMate tokens of FILE (test/tokenize.js)

CACHE (in the build tree) holds a copy of SRC with node_modules installed by
`npm ci` from the committed package-lock.json; it is reinstalled only when
the lock file or node's version changes, so a warm run does not touch the
network for installing. Packaging is `vsce package` from that copy, exactly
what a release would do.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile


def sync(src, cache):
    """CACHE/ext = SRC's files (node_modules of CACHE kept); returns CACHE/ext."""
    work = os.path.join(cache, "ext")
    os.makedirs(work, exist_ok=True)
    for name in os.listdir(work):
        if name != "node_modules":
            p = os.path.join(work, name)
            shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
    for name in os.listdir(src):
        if name == "node_modules":
            continue
        p = os.path.join(src, name)
        dst = os.path.join(work, name)
        shutil.copytree(p, dst) if os.path.isdir(p) else shutil.copy2(p, dst)
    lock = open(os.path.join(work, "package-lock.json"), "rb").read()
    node = subprocess.run(["node", "--version"], capture_output=True, check=True).stdout
    stamp = hashlib.sha256(lock + node).hexdigest()
    stamp_file = os.path.join(cache, "npm-ci.stamp")
    have = open(stamp_file).read() if os.path.exists(stamp_file) else ""
    if have != stamp or not os.path.isdir(os.path.join(work, "node_modules")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=work, check=True,
                       stdout=sys.stderr)
        with open(stamp_file, "w") as f:
            f.write(stamp)
    return work


def package(src, cache, out):
    work = sync(src, cache)
    os.makedirs(out, exist_ok=True)
    vsix = os.path.join(out, "flyte.vsix")
    if os.path.exists(vsix):
        os.remove(vsix)
    subprocess.run(["npx", "--no-install", "vsce", "package", "--out", vsix], cwd=work, check=True,
                   stdout=sys.stderr)
    with zipfile.ZipFile(vsix) as z:
        names = z.namelist()
        manifest = json.loads(z.read("extension/package.json"))
    print("entries: %d" % len(names))
    for n in sorted(names):
        if "/node_modules/" in n and not n.endswith("/package.json"):
            continue  # one line per bundled package is enough
        print(n)
    print("main: " + manifest["main"])
    print("dependencies: " + ", ".join(sorted(manifest.get("dependencies", {}))))


def tokenize(src, cache, file):
    work = sync(src, cache)
    sys.stdout.flush()
    subprocess.run(["node", os.path.join(work, "test", "tokenize.js"), file], cwd=work, check=True)


def main():
    cmd, src, cache, arg = sys.argv[1:5]
    {"package": package, "tokenize": tokenize}[cmd](os.path.abspath(src), os.path.abspath(cache),
                                                    os.path.abspath(arg))


if __name__ == "__main__":
    main()
