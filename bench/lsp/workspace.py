#!/usr/bin/env python3
"""flytec lsp edit latency in a workspace of several files (issue 35).

One document is open and imports FILES-1 others of LINES lines each, which
stay on disk (as in an editor: the user works in one file of a project).
Each edit changes one task of the open document; the latency is from the
didChange to the publishDiagnostics of that version, first with --gap-ms
after each answer (typing pace), then back to back. Target (issue 35): p95
<= 30 ms for 50,000 lines in all.

usage: workspace.py FLYTEC [--files 10] [--lines 5000] [--edits 60] [--gap-ms 100]
"""
import argparse
import os
import shutil
import tempfile

from bench import make_source, open_document, percentile, timed_edits


def write_workspace(root, files, lines):
    """The open document's text, its task count and the lines of all files;
    the imports are written under `root`."""
    text, ntasks = make_source(lines)
    total = 0
    for i in range(1, files):
        lib = "package lib%d\n\n" % i + text
        total += lib.count("\n")
        with open(os.path.join(root, "lib%d.flyte" % i), "w") as f:
            f.write(lib)
    imports = "".join('import "lib%d.flyte" as l%d\n' % (i, i) for i in range(1, files))
    main_text = "package main\n\n" + imports + "\n" + text
    return main_text, ntasks, total + main_text.count("\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("flytec")
    ap.add_argument("--files", type=int, default=10)
    ap.add_argument("--lines", type=int, default=5000)
    ap.add_argument("--edits", type=int, default=60)
    ap.add_argument("--gap-ms", type=float, default=100)
    args = ap.parse_args()

    root = tempfile.mkdtemp(prefix="flytec-lsp-workspace-")
    try:
        text, ntasks, total = write_workspace(root, args.files, args.lines)
        path = os.path.join(root, "main.flyte")
        with open(path, "w") as f:
            f.write(text)
        uri = "file://" + path
        s, _, d = open_document(args.flytec, uri, text)
        assert d["params"]["diagnostics"] == [], d["params"]["diagnostics"][:3]
        lines = text.split("\n")
        first_task = lines.index("## Task 0.")
        # Task i's `retries  = 1` becomes 2..9: every edit changes the text.
        retries_lines = [first_task + 8 * i + 5 for i in range(min(args.edits, ntasks))]
        lat, cpu_per_edit, version = timed_edits(s, uri, lines, 1, retries_lines, lambda i: i % 8 + 2, args.gap_ms)
        # Then back to back: each edit as soon as the previous one's
        # diagnostics arrive (sets 1 again: every edit changes the text).
        burst, burst_cpu, _ = timed_edits(s, uri, lines, version, retries_lines, lambda i: 1, 0)
        s.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("| %d files, %d lines, one open | p50 | p95 | max | server CPU per edit |" % (args.files, total))
    print("|---|---|---|---|---|")
    for pace, times, cpu in (("%.0f ms after each answer" % args.gap_ms, lat, cpu_per_edit),
                             ("back to back", burst, burst_cpu)):
        print("| %s (%d edits) | %.1f ms | %.1f ms | %.1f ms | %.1f ms |"
              % (pace, len(times), percentile(times, .5), percentile(times, .95), max(times), cpu))


if __name__ == "__main__":
    main()
