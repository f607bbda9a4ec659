#!/usr/bin/env python3
"""Counts the executions of a --trace file by how they ended
(`args.status`: `exit 0`, `exit 1`, `timeout`, ...), one line per status in
sorted order, and how many named the Dask worker that ran them.

usage: statuses.py TRACE.json"""
import collections
import json
import sys

events = [e for e in json.load(open(sys.argv[1]))["traceEvents"] if e.get("ph") == "X"]
for status, n in sorted(collections.Counter(e["args"]["status"] for e in events).items()):
    print("%s: %d" % (status, n))
print("with worker: %d" % sum(1 for e in events if e["args"].get("worker")))
