#!/usr/bin/python3
"""System calls per map element of `flytec run` (children included, up to and
including what `sh -ec true` itself does), from `strace -f -c` of a map of
SMALL and of LARGE `true` commands: (count at LARGE - count at SMALL) /
(LARGE - SMALL), so start-up and the run's fixed cost cancel out.

usage: syscalls_per_element.py FLYTEC DIR NAME... ; prints `NAME: X.X` each.
"""
import json
import os
import subprocess
import sys

SMALL, LARGE = 4, 24
SOURCE = 'task t(x: int) {\n  image = "debian:bookworm-slim"\n  script = """true"""\n}\nworkflow m(xs: list[int]) {\n  r = map(t)(x = xs)\n}\n'


def counts(flytec, work, n):
    d = os.path.join(work, str(n))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "map.flyte"), "w") as f:
        f.write(SOURCE)
    with open(os.path.join(d, "inputs.json"), "w") as f:
        json.dump({"xs": list(range(n))}, f)
    out = os.path.join(d, "strace.txt")
    subprocess.run(["strace", "-f", "-c", "-o", out, flytec, "run", "map.flyte", "--inputs", "inputs.json",
                    "-j", "2", "--no-cache"], cwd=d, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    calls = {}
    for line in open(out):
        f = line.split()
        # % time, seconds, usecs/call, calls, [errors,] syscall
        if len(f) >= 5 and f[0][0].isdigit() and f[-1] != "total":
            calls[f[-1]] = int(f[3])
    return calls


def main():
    flytec, work, names = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3:]
    small, large = counts(flytec, work, SMALL), counts(flytec, work, LARGE)
    for name in names:
        print(f"{name}: {(large.get(name, 0) - small.get(name, 0)) / (LARGE - SMALL):.1f}")


if __name__ == "__main__":
    main()
