#!/usr/bin/env python3
"""Writes a .flyte workflow with N nodes for the compile benchmark.

Every fourth node is a map (a map variant and an ArrayNode), the others task
calls that read an earlier node, so lowering sees promises, literals, maps and
a wide upstream graph. Usage: gen.py N > wf.flyte
"""
import sys

n = int(sys.argv[1])
print("package bench")
print('task inc(x: int, by: int = 1) -> int {\n  image = "debian:bookworm-slim"\n'
      '  script = """echo $(( {{.inputs.x}} + {{.inputs.by}} )) > {{.outputs.o0}}"""\n  retries = 1\n}')
print('task fan(x: int) -> list[int] {\n  image = "debian:bookworm-slim"\n'
      '  script = """echo [{{.inputs.x}}] > {{.outputs.o0}}"""\n}')
print("workflow big(start: int = 0) -> int {")
print("  n0 = inc(x = start)")
for i in range(1, n):
    if i % 4 == 1:
        print(f"  n{i} = fan(x = n{i - 1})")
    elif i % 4 == 2:
        print(f"  n{i} = map(inc, concurrency = {i % 7 + 1})(x = n{i - 1})")
    else:
        src = f"n{i - 1}" if i % 4 == 0 else f"n{i - 3}"
        print(f"  n{i} = inc(x = {src}, by = {i})")
print(f"  return n{n - 1 if (n - 1) % 4 not in (1, 2) else 0}")
print("}")
