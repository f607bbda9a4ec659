#!/usr/bin/env python3
"""Reads the ledger the tasks of test/dask/Inputs/staged/faults.flyte wrote
(`start X PID` / `end X PID` lines) and prints, per line: how many elements
ended, how many ended more than once (a duplicate that ran to its end: an
orphan of a dead worker beside its rerun, or a finished element run again),
how many started more than once (reruns), and, given the run's --trace,
how many reruns the trace does not show (`rerun by Dask` events; a try
killed before its command started shows in the trace only).

usage: ledger.py LOG [TRACE]"""
import collections
import sys

starts, ends = collections.Counter(), collections.Counter()
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 3:
        (starts if parts[0] == "start" else ends)[parts[1]] += 1
print("ended %d" % len(ends))
print("ended twice %d" % sum(1 for n in ends.values() if n > 1))
print("started twice %d" % sum(1 for n in starts.values() if n > 1))
if len(sys.argv) > 2:
    import json
    events = [e for e in json.load(open(sys.argv[2]))["traceEvents"] if e.get("ph") == "X"]
    shown = sum(1 for e in events if "rerun by Dask" in json.dumps(e))
    # A try Dask started on a worker killed before the task's command wrote
    # its `start` line is in the trace but not in the ledger: the trace may
    # show more reruns than the ledger, never fewer.
    reruns = sum(starts.values()) - len(starts)
    print("reruns %d, in the trace %d, hidden %d" % (reruns, shown, max(0, reruns - shown)))
