#!/usr/bin/env python3
"""Summarises a --trace file of a Dask run: how many executions, and how
many distinct Dask workers ran them (`args.worker`).

usage: workers.py TRACE.json"""
import json
import sys

events = [e for e in json.load(open(sys.argv[1]))["traceEvents"] if e.get("ph") == "X"]
workers = {e["args"].get("worker", "") for e in events}
print("executions %d" % len(events))
print("workers %d" % len(workers - {""}))
print("local %d" % sum(1 for e in events if not e["args"].get("worker")))
