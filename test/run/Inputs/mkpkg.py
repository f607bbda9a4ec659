#!/usr/bin/env python3
"""Builds a Flyte package directory from one text file of text-format protobuf
entries, each introduced by `=== FILE.pb KIND` (KIND: TaskSpec, WorkflowSpec,
LaunchPlan). Lines before the first `===` are ignored. `@VAR@` in the text is
replaced from NAME=VALUE arguments after the output directory (unset
names become empty).

usage: mkpkg.py PROTOC PROTO_ROOT SPEC.txt OUTDIR [NAME=VALUE...]"""
import os
import re
import subprocess
import sys

PROTO = {"TaskSpec": "flyteidl/admin/task.proto",
         "WorkflowSpec": "flyteidl/admin/workflow.proto",
         "LaunchPlan": "flyteidl/admin/launch_plan.proto"}

protoc, root, spec, out = sys.argv[1:5]
subs = dict(a.split("=", 1) for a in sys.argv[5:])
os.makedirs(out, exist_ok=True)
entries, cur = [], None
for line in open(spec):
    if line.startswith("=== "):
        name, kind = line[4:].split()
        cur = [name, kind, []]
        entries.append(cur)
    elif cur is not None:
        cur[2].append(line)
for name, kind, lines in entries:
    text = "".join(lines)
    for k, v in subs.items():
        text = text.replace("@" + k + "@", v)
    text = re.sub(r"@[A-Z]+@", "", text)
    with open(os.path.join(out, name), "wb") as f:
        subprocess.run([protoc, "-I", root, "--encode=flyteidl.admin." + kind, PROTO[kind]],
                       input=text.encode(), stdout=f, check=True)
