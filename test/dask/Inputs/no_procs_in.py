#!/usr/bin/env python3
"""Prints `none left` when no process has its working directory under DIR
(Dask schedulers, workers and the bridge started by a test inherit the
test's directory), else lists them. Waits up to 10 s for stragglers.

usage: no_procs_in.py DIR"""
import os
import sys
import time

root = os.path.realpath(sys.argv[1])


def ancestors():
    """This checker's own shell and lit's (they run in DIR too)."""
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
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) in mine:
            continue
        try:
            cwd = os.readlink("/proc/%s/cwd" % pid)
            cmd = open("/proc/%s/cmdline" % pid, "rb").read().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if cmd.startswith("FileCheck"):
            continue  # the pipeline reading this output
        if cwd == root or cwd.startswith(root + "/"):
            found.append("%s %s" % (pid, cmd))
    return found


deadline = time.time() + 10
while left() and time.time() < deadline:
    time.sleep(0.2)
rest = left()
print("none left" if not rest else "left: " + "; ".join(rest))
