#!/usr/bin/env python3
"""Gathers the fuzz seed corpus (test/fuzz/CMakeLists.txt runs it at build time).

  gather_seeds.py SRC OUT

Copies every examples/**/*.flyte and test/**/*.flyte under SRC into OUT with a
flattened name (directories joined by `_`), replacing OUT's old contents, so
libFuzzer reads `.flyte` text and nothing else. A file that imports others
also gets a multi-file seed `NAME.bundle`: the file, then each file it
imports (transitively, at most 7) after a `#--- PATH` line, PATH relative to
the root file as check_fuzzer.cpp expects, so imports resolve in memory.
"""
import os
import re
import shutil
import sys

IMPORT = re.compile(rb'^\s*import\s+"([^"\n]+)"', re.M)


def bundle(root: str) -> bytes:
    base = os.path.dirname(root)
    out = open(root, "rb").read()
    seen, queue, extra = {os.path.realpath(root)}, [root], 0
    while queue and extra < 7:
        cur = queue.pop(0)
        for m in IMPORT.finditer(open(cur, "rb").read()):
            target = os.path.realpath(os.path.join(os.path.dirname(cur), m.group(1).decode("utf-8", "replace")))
            rel = os.path.relpath(target, base)
            if target in seen or not os.path.isfile(target) or rel.startswith(".."):
                continue
            seen.add(target)
            queue.append(target)
            data = open(target, "rb").read()
            out += b"\n#--- " + rel.encode() + b"\n" + data
            extra += 1
            if extra == 7:
                break
    return out if extra else b""


def main() -> int:
    src, out = sys.argv[1], sys.argv[2]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    for top in ("examples", "test"):
        for dirpath, _, names in os.walk(os.path.join(src, top)):
            for n in sorted(names):
                if not n.endswith(".flyte"):
                    continue
                path = os.path.join(dirpath, n)
                flat = os.path.relpath(path, src).replace(os.sep, "_")
                shutil.copyfile(path, os.path.join(out, flat))
                multi = bundle(path)
                if multi:
                    with open(os.path.join(out, flat + ".bundle"), "wb") as f:
                        f.write(multi)
    open(os.path.join(out, ".stamp"), "w").close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
