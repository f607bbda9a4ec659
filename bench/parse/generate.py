#!/usr/bin/env python3
"""Generates a valid .flyte file of about N lines for parser/checker benchmarks:
tasks with resources and scripts, workflows with calls and maps (the shape
../shared/notes/parsing-performance.md measured stock ANTLR on).

usage: generate.py LINES > file.flyte
"""
import sys

def main():
    target = int(sys.argv[1])
    out = ["package bench", ""]
    i = 0
    while len(out) < target:
        out += [
            f"## Squares one number ({i}).",
            f"task square_{i}(x: int, scale: float = 1.5) -> int {{",
            '    image    = "debian:bookworm-slim"',
            '    script   = """echo $(( {{.inputs.x}} * {{.inputs.x}} )) > {{.outputs.o0}}"""',
            '    requests = { cpu = "500m", mem = "256Mi" }',
            '    limits   = { cpu = "1", mem = "512Mi" }',
            "    retries  = 2",
            "    timeout  = 5m",
            "}",
            "",
            f"task total_{i}(xs: list[int]) -> int {{",
            '    image  = "debian:bookworm-slim"',
            '    script = """awk \'{ s += $1 } END { print s }\' {{.inputs.xs}}/* > {{.outputs.o0}}"""',
            "}",
            "",
            f"workflow flow_{i}(xs: list[int] = [1, 2, 3, 4], y: int = 3) -> int {{",
            f"    sq = map(partial(square_{i}, scale = 2.0), concurrency = 2)(x = xs)",
            f"    t  = total_{i}(xs = sq)",
            f"    u  = square_{i}(x = y) with {{ retries = 3 }}",
            "    return t",
            "}",
            "",
        ]
        i += 1
    sys.stdout.write("\n".join(out) + "\n")  # whole declarations: may pass N a little

if __name__ == "__main__":
    main()
