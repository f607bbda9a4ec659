#!/usr/bin/env python3
"""Writes a .flyte file whose one expression is a long chain.

usage: deep_expression.py SHAPE COUNT > FILE

Shapes: `unary` (`- - - 1`), `bang` (`!!!x`), `unary-mixed` (`-!-!...1`),
`mixed` (`-!-(` repeated, then the closing parentheses), `binary`
(`1+1+...`), `member` (`a.b.b...`), `call` (`f()()()...`), `index`
(`a[0][0]...`). The chain is a parameter default in a task (fmt, check,
compile) and a node value in a workflow (graph).
"""
import sys

shape, count = sys.argv[1], int(sys.argv[2])
chains = {
    "unary": lambda n: "-" * n + "1",
    "bang": lambda n: "!" * n + "x",
    "unary-mixed": lambda n: "-!" * (n // 2) + "1",
    "mixed": lambda n: "-!-(" * (n // 4) + "1" + ")" * (n // 4),
    "binary": lambda n: "1" + "+1" * n,
    "member": lambda n: "a" + ".b" * n,
    "call": lambda n: "f" + "()" * n,
    "index": lambda n: "a" + "[0]" * n,
}
expr = chains[shape](count)
sys.stdout.write(
    "task t(x: int = " + expr + ") -> int {\n"
    '    image   = "alpine"\n'
    '    command = ["echo", "{{ .inputs.x }}"]\n'
    "}\n"
    "workflow w() -> int {\n"
    "    a = t(x = " + expr + ")\n"
    "    return a\n"
    "}\n")
