#!/usr/bin/env python3
"""Prints `all gone` when none of the pids in the given files is alive."""
import os
import sys
import time

def alive_pids(pidfiles):
    """The pids (read from `pidfiles`) still alive after a short grace period."""
    alive = []
    for f in pidfiles:
        pid = int(open(f).read().strip())
        # A killed process vanishes asynchronously (and may linger as a zombie
        # until init reaps it): give it a moment, and count zombies as gone.
        for _ in range(40):
            try:
                state = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[0]
            except OSError:
                state = None
            if state in (None, "Z", "X"):
                break
            time.sleep(0.05)
        else:
            alive.append(pid)
    return alive


def report(pidfiles):
    alive = alive_pids(pidfiles)
    print("alive " + " ".join(map(str, alive)) if alive else "all gone")


if __name__ == "__main__":
    report(sys.argv[1:])
