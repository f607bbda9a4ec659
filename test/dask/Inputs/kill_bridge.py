#!/usr/bin/env python3
"""Runs CMD (a `flytec run --dask ...`) in DIR, waits until K files match GLOB
(the map is running), finds the Dask bridge flytec started (its command line
names flytec_dask_bridge and `executor`, its working directory is DIR) and
kills it with SIGNAL. Prints `killed bridge`, then CMD's `exit N`, then
`within bound` when CMD ended less than BOUND seconds after the kill (else
it is killed and `hung` is printed). CMD's stderr is copied to ERRFILE.

usage: kill_bridge.py DIR GLOB:K SIGNAL BOUND ERRFILE -- CMD..."""
import glob
import os
import signal
import subprocess
import sys
import time

args = sys.argv[1:]
sep = args.index("--")
(d, watch, signame, bound, errfile), cmd = args[:sep], args[sep + 1:]
pattern, count = watch.rsplit(":", 1)
root = os.path.realpath(d)


def bridges():
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            argv = open("/proc/%s/cmdline" % pid, "rb").read().split(b"\0")
            cwd = os.readlink("/proc/%s/cwd" % pid)
        except OSError:
            continue
        names = [a.decode(errors="replace") for a in argv]
        if any("flytec_dask_bridge" in a for a in names) and "executor" in names and cwd == root:
            found.append(int(pid))
    return found


with open(errfile, "wb") as err:
    p = subprocess.Popen(cmd, cwd=d, stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.time() + 120
    while len(glob.glob(pattern)) < int(count):
        if time.time() > deadline or p.poll() is not None:
            print("map never ran (exit %s)" % p.poll())
            sys.exit(1)
        time.sleep(0.05)
    pids = bridges()
    if len(pids) != 1:
        print("expected one bridge, found %s" % pids)
        p.kill()
        sys.exit(1)
    os.kill(pids[0], getattr(signal, signame))
    killed = time.time()
    print("killed bridge")
    try:
        code = p.wait(timeout=float(bound))
    except subprocess.TimeoutExpired:
        p.kill()
        print("hung")
        sys.exit(1)
    print("exit", code)
    print("within bound" if time.time() - killed < float(bound) else "hung")
