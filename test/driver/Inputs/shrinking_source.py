#!/usr/bin/env python3
"""Runs a flytec command many times while another thread keeps truncating
and rewriting one of its input files in place (same inode, as an editor's
save or a `git checkout` does).

usage: shrinking_source.py RUNS FILE -- FLYTEC ARGS...

FILE is rewritten with its original content, truncated to 0 bytes, and so
on, until the RUNS runs are done. Prints one line per distinct exit status
("status 1: 37 runs") and exits 1 if any run ended by a signal or with a
status other than 0, 1 or 2 (SIGBUS shows as status -7, exit code 135).
"""
import collections
import os
import subprocess
import sys
import threading

runs, path = int(sys.argv[1]), sys.argv[2]
command = sys.argv[sys.argv.index("--") + 1:]
with open(path, "rb") as f:
    content = f.read()

done = threading.Event()


def churn():
    while not done.is_set():
        fd = os.open(path, os.O_WRONLY)
        try:
            os.ftruncate(fd, 0)
            os.write(fd, content[: len(content) // 3])
            os.ftruncate(fd, 0)
            os.write(fd, content)
        finally:
            os.close(fd)


thread = threading.Thread(target=churn)
thread.start()
statuses = collections.Counter()
try:
    for _ in range(runs):
        statuses[subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode] += 1
finally:
    done.set()
    thread.join()
for status, count in sorted(statuses.items()):
    print(f"status {status}: {count} runs")
sys.exit(0 if set(statuses) <= {0, 1, 2} else 1)
