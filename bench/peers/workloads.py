#!/usr/bin/python3
"""Writes the same workloads for flytec, cwltool, Snakemake and xargs.

Two workloads, each at a size N:

* ``validate``: an N-step pipeline whose first step is a scatter/map over an
  N-element list (a literal default input), then a step that gathers the N
  results, then N - 2 steps in a chain, each reading the previous step: N
  steps and N - 1 dependencies between them in every language. A `.flyte`
  file (three tasks, one workflow); CWL v1.2 (three CommandLineTool files and
  one Workflow file); a Snakefile (one rule per step plus `all`; the scatter
  is one rule with a wildcard, expanded N times).
* ``map``: one map of N `true` commands and nothing else: a `.flyte` task
  without outputs mapped over an N-element input, a CWL workflow scattering a
  CommandLineTool `true`, a Snakefile whose rule runs `true` and lets
  Snakemake `touch()` the output it needs to track a job, and for xargs the
  numbers 1..N on stdin.

It only writes files; running and timing them is bench/run's job. Usage:
``workloads.py validate|map flytec|cwl|snakemake|xargs N DIR`` prints the
files it wrote.
"""
import json
import os
import sys

IMAGE = '  image = "debian:bookworm-slim"\n'


def flyte_validate(n):
    xs = ", ".join(str(i) for i in range(n))
    out = ["package bench\n",
           "task gen(x: int) -> file {\n" + IMAGE +
           '  script = """echo {{.inputs.x}} > {{.outputs.o0}}"""\n}\n',
           "task total(xs: list[file]) -> file {\n" + IMAGE +
           '  script = """cat {{.inputs.xs}}/* > {{.outputs.o0}}"""\n}\n',
           "task step(x: file) -> file {\n" + IMAGE +
           '  script = """cat {{.inputs.x}} > {{.outputs.o0}}"""\n}\n',
           f"workflow pipeline(xs: list[int] = [{xs}]) -> file {{\n",
           "  s0 = map(gen)(x = xs)\n",
           "  s1 = total(xs = s0)\n"]
    out += [f"  s{i} = step(x = s{i - 1})\n" for i in range(2, n)]
    out.append(f"  return s{n - 1}\n}}\n")
    return {"pipeline.flyte": "".join(out)}


def cwl_tool(command, inp, typ):
    return (f"cwlVersion: v1.2\nclass: CommandLineTool\nbaseCommand: {command}\n"
            f"inputs:\n  {inp}: {{type: '{typ}', inputBinding: {{position: 1}}}}\n"
            "stdout: o0\noutputs:\n  o0: {type: stdout}\n")


def cwl_validate(n):
    # One file per tool, as CWL workflows are usually written: a packed
    # `$graph` document with `run: '#step'` made cwltool 7x slower at 300
    # steps (84 s against 12 s), which would flatter flytec.
    out = ["cwlVersion: v1.2\nclass: Workflow\nrequirements:\n  ScatterFeatureRequirement: {}\n",
           f"inputs:\n  xs: {{type: 'int[]', default: {json.dumps(list(range(n)))}}}\n",
           f"outputs:\n  o0: {{type: File, outputSource: s{n - 1}/o0}}\n",
           "steps:\n",
           "  s0: {run: gen.cwl, scatter: x, in: {x: xs}, out: [o0]}\n",
           "  s1: {run: total.cwl, in: {xs: s0/o0}, out: [o0]}\n"]
    out += [f"  s{i}: {{run: step.cwl, in: {{x: s{i - 1}/o0}}, out: [o0]}}\n" for i in range(2, n)]
    return {"gen.cwl": cwl_tool("echo", "x", "int"),
            "total.cwl": cwl_tool("cat", "xs", "File[]"),
            "step.cwl": cwl_tool("cat", "x", "File"),
            "pipeline.cwl": "".join(out)}


def snakemake_validate(n):
    out = [f"N = {n}\n\n",
           f'rule all:\n    input: "s{n - 1}"\n\n',
           'rule s0:\n    output: "s0/{i}"\n    shell: "echo {wildcards.i} > {output}"\n\n',
           'rule s1:\n    input: expand("s0/{i}", i=range(N))\n    output: "s1"\n'
           '    shell: "cat {input} > {output}"\n\n']
    out += [f'rule s{i}:\n    input: "s{i - 1}"\n    output: "s{i}"\n'
            '    shell: "cat {input} > {output}"\n\n' for i in range(2, n)]
    return {"Snakefile": "".join(out)}


def flyte_map(n):
    return {"map.flyte": "task t(x: int) {\n" + IMAGE + '  script = """true"""\n}\n'
                         "workflow m(xs: list[int]) {\n  r = map(t)(x = xs)\n}\n",
            "inputs.json": json.dumps({"xs": list(range(n))}) + "\n"}


def cwl_map(n):
    return {"map.cwl": "cwlVersion: v1.2\n$graph:\n"
                       "- id: t\n  class: CommandLineTool\n  baseCommand: 'true'\n"
                       "  inputs:\n    x: {type: int, inputBinding: {position: 1}}\n"
                       "  outputs: []\n"
                       "- id: main\n  class: Workflow\n"
                       "  requirements:\n    ScatterFeatureRequirement: {}\n"
                       "  inputs:\n    xs: 'int[]'\n  outputs: []\n"
                       "  steps:\n    r: {run: '#t', scatter: x, in: {x: xs}, out: []}\n",
            "inputs.json": json.dumps({"xs": list(range(n))}) + "\n"}


def snakemake_map(n):
    return {"Snakefile": f'rule all:\n    input: expand("out/{{i}}", i=range({n}))\n\n'
                         'rule t:\n    output: touch("out/{i}")\n    shell: "true"\n'}


def xargs_map(n):
    return {"args": "".join(f"{i}\n" for i in range(n))}


GENERATORS = {
    ("validate", "flytec"): flyte_validate,
    ("validate", "cwl"): cwl_validate,
    ("validate", "snakemake"): snakemake_validate,
    ("map", "flytec"): flyte_map,
    ("map", "cwl"): cwl_map,
    ("map", "snakemake"): snakemake_map,
    ("map", "xargs"): xargs_map,
}


def write(workload, tool, n, directory):
    """Writes the files of one workload for one tool into directory; returns their paths."""
    if n < 3:
        raise ValueError("a pipeline needs at least 3 steps")
    os.makedirs(directory, exist_ok=True)
    paths = []
    for name, text in GENERATORS[(workload, tool)](n).items():
        path = os.path.join(directory, name)
        with open(path + ".tmp", "w") as f:
            f.write(text)
        os.replace(path + ".tmp", path)
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 5 or (sys.argv[1], sys.argv[2]) not in GENERATORS:
        sys.exit("usage: workloads.py validate|map flytec|cwl|snakemake|xargs N DIR")
    print("\n".join(write(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])))
