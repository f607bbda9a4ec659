#!/usr/bin/env python3
"""Starts `flytec run ARGS...` in DIR, waits until PIDFILE exists (the task is
running), sends SIGINT to flytec and prints its exit status and whether the
task's processes (pids in PIDFILEs) are gone.

usage: interrupt.py DIR PIDFILE1 PIDFILE2 -- FLYTEC ARGS..."""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pids_gone import report  # noqa: E402

sep = sys.argv.index("--")
d, pidfiles, cmd = sys.argv[1], sys.argv[2:sep], sys.argv[sep + 1:]
p = subprocess.Popen(cmd, cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
deadline = time.time() + 20
while not all(os.path.exists(f) and open(f).read().strip() for f in pidfiles):
    if time.time() > deadline or p.poll() is not None:
        print("task never started")
        sys.exit(1)
    time.sleep(0.05)
p.send_signal(signal.SIGINT)
print("exit", p.wait(timeout=20))
report(pidfiles)
