#!/usr/bin/env python3
"""Prints `none left` when, within SECONDS, no process has its working
directory under DIR (a run's task processes, and the Dask scheduler, workers
and bridge a test starts, all work in its directory), else `left: ...`;
then kills (SIGKILL) whatever is left, so a failing test leaks nothing.

usage: procs_left.py DIR SECONDS"""
import os
import signal
import sys
import time

root = os.path.realpath(sys.argv[1])
wait = float(sys.argv[2])


def ancestors():
    """This checker, its shell and lit (they may run in DIR too)."""
    out, pid = set(), os.getpid()
    while pid > 1:
        out.add(pid)
        try:
            pid = int(open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    return out


mine = ancestors()


def left():
    found = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) in mine:
            continue
        try:
            state = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()[0]
            cwd = os.readlink("/proc/%s/cwd" % pid)
            cmd = open("/proc/%s/cmdline" % pid, "rb").read().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue
        if state in ("Z", "X") or cmd.startswith("FileCheck"):
            continue
        if cwd == root or cwd.startswith(root + "/"):
            found[int(pid)] = cmd
    return found


deadline = time.time() + wait
while left() and time.time() < deadline:
    time.sleep(0.1)
rest = left()
print("none left" if not rest else "left: " + "; ".join("%d %s" % kv for kv in sorted(rest.items())))
for pid in rest:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
