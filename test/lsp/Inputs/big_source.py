#!/usr/bin/env python3
"""Writes a large .flyte document for the cancellation tests; huge.py
imports `source` for its framed session.

usage: big_source.py N OUT
N tasks of 7 lines each (task i at lines 7i..7i+5, `retries = i % 3` on line
7i+4, zero-based), then a workflow whose node reads the unknown name `y`
(E0201) on line 7N+1, so every published version has one diagnostic.
"""
import sys


def source_lines(n):
    """The document's lines, without line ends."""
    lines = []
    for i in range(n):
        lines += [
            "## Task number %d." % i,
            "task t%d(x: int) -> int {" % i,
            '    image  = "debian:bookworm-slim"',
            '    script = "echo {{.inputs.x}} > {{.outputs.o0}}"',
            "    retries = %d" % (i % 3),
            "}",
            "",
        ]
    return lines + ["workflow w(x: int) -> int {", "    a = t%d(x = y)" % (n - 1), "    return a", "}"]


if __name__ == "__main__":
    n, out = int(sys.argv[1]), sys.argv[2]
    with open(out, "w") as f:
        f.write("\n".join(source_lines(n)) + "\n")
