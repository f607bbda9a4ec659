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

def ancestors():
    """This process and those above it (a checker's shell and lit, which may
    run in DIR too; a harness's own parents, whose command lines hold what it
    looks for)."""
    out, pid = set(), os.getpid()
    while pid > 1:
        out.add(pid)
        try:
            pid = int(open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    return out


def left(root, mine):
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


def main():
    root = os.path.realpath(sys.argv[1])
    wait = float(sys.argv[2])
    mine = ancestors()
    deadline = time.time() + wait
    while left(root, mine) and time.time() < deadline:
        time.sleep(0.1)
    rest = left(root, mine)
    print("none left" if not rest else "left: " + "; ".join("%d %s" % kv for kv in sorted(rest.items())))
    for pid in rest:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


if __name__ == "__main__":
    main()
