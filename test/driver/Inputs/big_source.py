#!/usr/bin/env python3
"""Writes a valid .flyte file of at least KIB KiB (tasks t0, t1, ...), then
a workflow whose `return` names an unknown node, so that checking it ends
by rendering a diagnostic from the end of the file.

usage: big_source.py KIB > FILE
"""
import sys

task = ('task t{0}(x: int) -> int {{\n    image   = "alpine"\n'
        '    command = ["sh", "-c", "echo {{{{ .inputs.x }}}}"]\n}}\n')
parts, size, i = [], 0, 0
while size < int(sys.argv[1]) * 1024:
    parts.append(task.format(i))
    size += len(parts[-1])
    i += 1
parts.append("workflow w() -> int {\n    a = t0(x = 1)\n    return b\n}\n")
sys.stdout.write("".join(parts))
