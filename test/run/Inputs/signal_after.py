#!/usr/bin/env python3
"""Starts `flytec run ARGS...` in DIR, sends SIGNAL to it after DELAY seconds,
and prints its exit status and whether it stopped within LIMIT seconds of
the signal.

usage: signal_after.py DIR SIGNAL DELAY LIMIT -- FLYTEC ARGS..."""
import signal
import subprocess
import sys
import time

sep = sys.argv.index("--")
d, sig, delay, limit = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
p = subprocess.Popen(sys.argv[sep + 1:], cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(delay)
if p.poll() is not None:
    print("ended before the signal, exit", p.returncode)
    sys.exit(0)
sent = time.time()
p.send_signal(getattr(signal, sig))
try:
    code = p.wait(timeout=limit)
    print("exit", code)
    print("stopped in time")
except subprocess.TimeoutExpired:
    p.kill()
    p.wait()
    print("still running", limit, "s after", sig)
