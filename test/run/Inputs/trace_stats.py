#!/usr/bin/env python3
"""Prints facts about a flytec --trace file for FileCheck:
`executions N`, `max-concurrent N`, `cached N`, and per-attempt counts.
Concurrency comes from the events' intervals, not from wall time."""
import json
import sys

events = json.load(open(sys.argv[1]))["traceEvents"]
execs = [e for e in events if e.get("ph") == "X"]
cached = [e for e in events if e.get("cat") == "cache"]
points = []
for e in execs:
    points.append((e["ts"], 1))
    points.append((e["ts"] + e["dur"], -1))
points.sort(key=lambda p: (p[0], p[1]))  # an end before a start at the same instant
cur = best = 0
for _, d in points:
    cur += d
    best = max(best, cur)
print("executions", len(execs))
print("max-concurrent", best)
print("overlap", "yes" if best >= 2 else "no")
print("cached", len(cached))
print("attempts", sorted({e["args"]["attempt"] for e in execs}))
