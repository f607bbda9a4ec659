"""Draws every workflow of every `.flyte` file under a directory with
`flytec graph` and renders each through Graphviz (`dot -Tsvg`).

The workflows are enumerated independently of `flytec graph`: from the
WorkflowSpec entries `flytec compile --emit=json` writes (template id names),
so a workflow the graph command failed to list would still be drawn.
Fails (exit 1) on any non-zero exit, empty or non-SVG output, or when no
workflow was found at all. Usage: draw_all.py FLYTEC DIR WORKDIR
"""
import json
import pathlib
import subprocess
import sys

flytec, root, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
work.mkdir(parents=True, exist_ok=True)
failures, drawn, files = [], 0, 0
for index, source in enumerate(sorted(root.rglob("*.flyte"))):
    files += 1
    out = work / f"json{index}"
    compiled = subprocess.run([flytec, "compile", str(source), "--emit=json", "-o", str(out)],
                              capture_output=True, text=True)
    if compiled.returncode != 0:
        failures.append(f"{source}: compile exit {compiled.returncode}: {compiled.stderr}")
        continue
    names = sorted(json.loads(p.read_text())["template"]["id"]["name"] for p in out.glob("*_2.json"))
    for name in names:
        graph = subprocess.run([flytec, "graph", str(source), "--workflow", name], capture_output=True)
        if graph.returncode != 0 or not graph.stdout.startswith(b"digraph "):
            failures.append(f"{source} {name}: graph exit {graph.returncode}: {graph.stderr.decode()}")
            continue
        svg = subprocess.run(["dot", "-Tsvg"], input=graph.stdout, capture_output=True)
        if svg.returncode != 0 or b"<svg" not in svg.stdout or svg.stderr:
            failures.append(f"{source} {name}: dot exit {svg.returncode}: {svg.stderr.decode()}")
            continue
        drawn += 1
        print(f"drew {name} ({len(svg.stdout)} bytes of svg)")
for f in failures:
    print("FAIL:", f)
print(f"{drawn} workflows drawn from {files} files, {len(failures)} failures")
sys.exit(1 if failures or drawn == 0 else 0)
