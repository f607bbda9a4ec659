#!/usr/bin/env python3
"""Runs CMD with its stderr passed through; once GLOB matches a file, waits
SECS seconds, sends SIGINT to CMD and prints `interrupted`, then CMD's exit
status and whether it exited within LIMIT seconds of the signal (`exit 130
within 5s`, else `exit N after Xs`). On stderr it says whether a line
containing TEXT had been printed before the signal (`TEXT before the
signal: yes|no`). Prints `never matched GLOB` (and kills CMD) when CMD ends
or 60 s pass first. Exits 0 when CMD exited 130.

usage: interrupt_on.py GLOB SECS LIMIT TEXT -- CMD..."""
import glob
import os
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hosts import relay_stderr  # noqa: E402 (beside this script)

sep = sys.argv.index("--")
pattern, secs, limit, text = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
cmd = sys.argv[sep + 1:]
p = subprocess.Popen(cmd, stderr=subprocess.PIPE)
seen = threading.Event()

reader = threading.Thread(target=relay_stderr, args=(p, text, seen), daemon=True)
reader.start()
deadline = time.time() + 60
while not glob.glob(pattern) and p.poll() is None and time.time() < deadline:
    time.sleep(0.05)
if not glob.glob(pattern):
    print("never matched %s" % pattern, flush=True)
    p.kill()
    sys.exit(1)
time.sleep(secs)
before = seen.is_set()
sent = time.time()
p.send_signal(signal.SIGINT)
print("interrupted", flush=True)
try:
    code = p.wait(timeout=max(limit, 30))
except subprocess.TimeoutExpired:
    p.kill()
    code = p.wait()
took = time.time() - sent
print("exit %d %s" % (code, "within %gs" % limit if took <= limit else "after %.1fs" % took), flush=True)
reader.join(timeout=5)
sys.stderr.write("%s before the signal: %s\n" % (text, "yes" if before else "no"))
sys.exit(0 if code == 130 else 1)
