#!/usr/bin/env python3
"""Starts `flytec run ARGS...` in DIR, waits until every PIDFILE has a pid
(the task is running), sends SIGNAL (a name: SIGHUP, SIGKILL...) to flytec
and prints `exit N` (negative: killed by that signal).

usage: signal_run.py DIR SIGNAL PIDFILE... -- FLYTEC ARGS..."""
import os
import signal
import subprocess
import sys
import time

sep = sys.argv.index("--")
d, sig, pidfiles, cmd = sys.argv[1], getattr(signal, sys.argv[2]), sys.argv[3:sep], sys.argv[sep + 1:]
p = subprocess.Popen(cmd, cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
deadline = time.time() + 60
while not all(os.path.exists(f) and open(f).read().strip() for f in pidfiles):
    if time.time() > deadline or p.poll() is not None:
        print("task never started")
        p.kill()
        sys.exit(0)
    time.sleep(0.05)
p.send_signal(sig)
print("exit", p.wait(timeout=30))
