#!/usr/bin/python3
"""Where a `flytec run --trace` map spends its wall time, slot by slot.

Reads the Chrome trace and prints: time from the trace's zero to the first
execution; the wall time outside the trace's span (process start-up before
the engine starts its clock, collecting outputs, exit); the executions' own
durations (spawn to reap: the task process); and the gaps between one
execution ending and the next starting on the same slot (the engine's work
between jobs: bookkeeping, laying out the next attempt's directories). It
needs the run's wall time in seconds as measured outside (`time`).
usage: trace_gaps.py TRACE.json WALL_SECONDS
"""
import json
import statistics
import sys

events = [e for e in json.load(open(sys.argv[1]))["traceEvents"] if e.get("ph") == "X"]
wall_us = float(sys.argv[2]) * 1e6
first = min(e["ts"] for e in events)
last = max(e["ts"] + e["dur"] for e in events)
by_slot = {}
for e in events:
    by_slot.setdefault(e["tid"], []).append(e)
gaps = []
for slot in by_slot.values():
    slot.sort(key=lambda e: e["ts"])
    gaps += [b["ts"] - (a["ts"] + a["dur"]) for a, b in zip(slot, slot[1:])]
durs = [e["dur"] for e in events]
ms = lambda us: f"{us / 1000:.1f} ms"
print(f"executions {len(events)} on {len(by_slot)} slots; wall {ms(wall_us)}")
print(f"trace zero to the first execution: {ms(first)}; wall outside the trace's span "
      f"(process start-up, exit): {ms(wall_us - last)}")
print(f"execution: median {ms(statistics.median(durs))}, mean {ms(statistics.mean(durs))}, "
      f"sum {ms(sum(durs))}")
if gaps:
    print(f"gap between executions on a slot: median {ms(statistics.median(gaps))}, "
          f"mean {ms(statistics.mean(gaps))}, sum {ms(sum(gaps))}")
