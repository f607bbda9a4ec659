"""Compares the shape of two decoded protobuf text messages: the set of field
paths (values, names and ids ignored). Every path of the reference must occur
in ours, except the ones listed with --allow-missing (pyflyte-only fields).
usage: skeleton.py REFERENCE.txt OURS.txt [--allow-missing PATH]..."""
import sys

def paths(text):
    out, stack = set(), []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line == "}":
            stack.pop()
            continue
        if line.endswith("{"):
            stack.append(line[:-1].strip())
            out.add(".".join(stack))
            continue
        name = line.split(":", 1)[0].strip()
        # enum-like values are part of the shape (resource_type: TASK, simple: FLOAT)
        value = line.split(":", 1)[1].strip() if ":" in line else ""
        shape = name + ("=" + value if value.isupper() or value in ("true", "false") else "")
        out.add(".".join(stack + [shape]))
    return out

ref = paths(open(sys.argv[1]).read())
ours = paths(open(sys.argv[2]).read())
allowed = [sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == "--allow-missing"]
missing = sorted(p for p in ref - ours if not any(p.startswith(a) for a in allowed))
for p in missing:
    print("missing in ours:", p)
sys.exit(1 if missing else 0)
