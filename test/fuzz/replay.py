#!/usr/bin/env python3
"""Replays fuzzer findings through `flytec check` (test/fuzz/regressions.test).

  replay.py FLYTEC DIR WORKDIR

Each file in DIR is split the way check_fuzzer.cpp splits its input (text
before the first `#--- NAME` line is main.flyte, each marker starts file NAME)
into WORKDIR/<file>/, then `FLYTEC check main.flyte` runs there with a 60 s
limit. Passes when every run exits 0 or 1 without a sanitizer report or an
internal error; names anything else. Names that would leave the directory
are skipped (the fuzzer gives them empty contents instead of the disk's).
"""
import os
import subprocess
import sys

MARKER = b"#--- "
BAD = [b"AddressSanitizer", b"LeakSanitizer", b"runtime error:", b"internal error",
       b"terminate called"]


def split(data: bytes) -> dict:
    files = {"main.flyte": b""}
    current = "main.flyte"
    for line in data.splitlines(keepends=True):
        if line.startswith(MARKER) and len(files) < 8:
            name = line[len(MARKER):].rstrip(b"\r\n").decode("utf-8", "replace")
            if name and "\0" not in name:
                current = name
                files[current] = b""
                continue
        files[current] += line
    return files


def main() -> int:
    flytec, src, work = sys.argv[1:4]
    failures, count = [], 0
    for entry in sorted(os.listdir(src)):
        if entry.startswith(".") or entry == "README.md":
            continue
        count += 1
        here = os.path.realpath(os.path.join(work, entry.replace(".", "_")))
        os.makedirs(here, exist_ok=True)
        with open(os.path.join(src, entry), "rb") as f:
            files = split(f.read())
        for name, text in files.items():
            path = os.path.realpath(os.path.join(here, name))
            if not path.startswith(here + os.sep) or os.path.isdir(path):
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(text)
        try:
            run = subprocess.run([flytec, "check", "main.flyte"], cwd=here, capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            failures.append(f"{entry}: no answer within 60 s")
            continue
        if run.returncode not in (0, 1) or any(b in run.stderr for b in BAD):
            tail = run.stderr.decode("utf-8", "replace")[-2000:]
            failures.append(f"{entry}: exit {run.returncode}\n{tail}")
    for f in failures:
        print("FAIL", f)
    if failures:
        return 1
    print(f"replayed {count} inputs, all exit 0 or 1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
