#!/usr/bin/python3
"""flytec's own system calls per map element: `strace -f` of a map of SMALL
and of LARGE `true` commands, counting the calls of flytec's process and of
each child up to its execve (what `sh` does after that is not flytec's),
then (count at LARGE - count at SMALL) / (LARGE - SMALL), so that start-up
and the run's fixed cost cancel out.

usage: syscalls_per_element.py FLYTEC DIR NAME... ; prints `NAME: X.X` each.
"""
import collections
import json
import os
import re
import signal
import subprocess
import sys

SMALL, LARGE = 4, 24
SOURCE = ('task t(x: int) {\n  image = "debian:bookworm-slim"\n  script = """true"""\n}\n'
          'workflow m(xs: list[int]) {\n  r = map(t)(x = xs)\n}\n')
CALL = re.compile(r"^(\d+)\s+([a-z0-9_]+)\(")


def default_signals():
    """Every signal back to its default (a child resets the ones flytec
    inherited as ignored, one rt_sigaction each: not what is measured)."""
    for sig in signal.valid_signals():
        try:
            signal.signal(sig, signal.SIG_DFL)
        except (OSError, ValueError):
            pass


def counts(flytec, work, n):
    d = os.path.join(work, str(n))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "map.flyte"), "w") as f:
        f.write(SOURCE)
    with open(os.path.join(d, "inputs.json"), "w") as f:
        json.dump({"xs": list(range(n))}, f)
    log = os.path.join(d, "strace.txt")
    subprocess.run(["strace", "-f", "-o", log, flytec, "run", "map.flyte", "--inputs", "inputs.json",
                    "-j", "2", "--no-cache"], cwd=d, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   preexec_fn=default_signals)
    calls = collections.Counter()
    execed = set()
    first = None
    for line in open(log):
        m = CALL.match(line)
        if not m:
            continue
        pid, name = m.groups()
        first = first or pid
        if pid in execed:
            continue
        if name == "execve" and pid != first:
            execed.add(pid)  # the exec itself is flytec's; what follows is the task's
        calls[name] += 1
    return calls


def main():
    flytec, work, names = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3:]
    small, large = counts(flytec, work, SMALL), counts(flytec, work, LARGE)
    for name in names:
        print(f"{name}: {(large[name] - small[name]) / (LARGE - SMALL):.1f}")
    total = sum(large.values()) - sum(small.values())
    print(f"all: {total / (LARGE - SMALL):.1f}", file=sys.stderr)


if __name__ == "__main__":
    main()
