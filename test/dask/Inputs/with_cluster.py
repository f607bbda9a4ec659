#!/usr/bin/env python3
"""Runs CMD against a real Dask cluster on 127.0.0.1: `dask scheduler` on a
random free port and N `dask worker` processes (no nanny, so a killed worker
stays dead), started in DIR. `@ADDR@` in CMD becomes the scheduler address.
With --kill-after-outputs GLOB:K, one worker is killed with SIGKILL as soon
as K files match GLOB (a map is then running); with
--kill-scheduler-after-outputs GLOB:K, the scheduler; with
--pause-scheduler-after-outputs GLOB:K, the scheduler is stopped (SIGSTOP)
instead and stays paused until CMD has exited and --left has counted (then
SIGCONT: `resumed scheduler`, and with --left the count again 3 s later,
before the cluster is torn down: the resumed scheduler may still hand a
queued task of the gone client to a worker first). With --left MARKER,
once CMD has exited (the workers still run), prints how many processes
whose command line holds MARKER and that work below DIR are left 2 s later. The cluster is always
torn down; exits with CMD's status.

usage: with_cluster.py DIR N [--kill[-scheduler]-after-outputs GLOB:K | --pause-scheduler-after-outputs GLOB:K]
                       [--left MARKER] -- CMD..."""
import glob
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "run", "Inputs"))
from procs_left import ancestors  # noqa: E402  (this script and the processes above it)

args = sys.argv[1:]
i = args.index("--")
opts, cmd = args[:i], args[i + 1:]
workdir, n = opts[0], int(opts[1])
kill = None
victim = "worker"
marker = None
rest = opts[2:]
while rest:
    if rest[0] in ("--kill-after-outputs", "--kill-scheduler-after-outputs", "--pause-scheduler-after-outputs"):
        pattern, count = rest[1].rsplit(":", 1)
        kill = (pattern, int(count))
        victim = "pause" if "pause" in rest[0] else "scheduler" if "scheduler" in rest[0] else "worker"
    elif rest[0] == "--left":
        marker = rest[1]
    rest = rest[2:]


def alive(pid):
    try:
        return open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def children_of(parent):
    out = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if int(open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()[1]) == parent:
                out.append(int(pid))
        except (OSError, ValueError, IndexError):
            pass
    return out


def describe_left(pid):
    """What a test that fails on a process left needs to know about it: its
    state, parent, children and signal masks (an ignored or blocked SIGTERM
    survives the cancellation)."""
    try:
        status = dict(line.split(":", 1) for line in open("/proc/%d/status" % pid).read().splitlines() if ":" in line)
        fields = ("State", "PPid", "SigBlk", "SigIgn", "SigPnd", "ShdPnd")
        print("    " + ", ".join("%s %s" % (f, status.get(f, "?").strip()) for f in fields), file=sys.stderr)
        print("    children: %s" % (children_of(pid) or "none"), file=sys.stderr)
    except OSError:
        print("    (gone)", file=sys.stderr)


def describe_cancel_markers():
    """Whether the run's cancel marker (shared mode) was there, and since when."""
    now = time.time()
    markers = [os.path.join(d, f) for d, _, files in os.walk(workdir) for f in files if f.startswith("cancel-")]
    for m in markers:
        try:
            print("  cancel marker %s, written %.1f s ago" % (m, now - os.stat(m).st_mtime), file=sys.stderr)
        except OSError:
            pass
    if not markers:
        print("  no cancel marker under %s" % workdir, file=sys.stderr)


def left_with(marker):
    """Live processes whose command line holds MARKER and that work below
    this test's directory (a job's directory is there; another test running
    the same command elsewhere is not counted)."""
    found, mine, root = [], ancestors(), os.path.realpath(workdir) + "/"
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if int(pid) in mine:
            continue
        try:
            cmd = open("/proc/%s/cmdline" % pid, "rb").read().replace(b"\0", b" ").decode()
            state = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()[0]
            cwd = os.readlink("/proc/%s/cwd" % pid) + "/"
        except (OSError, ValueError):
            continue
        if marker in cmd and state not in ("Z", "X") and cwd.startswith(root):
            found.append(int(pid))
    return found
py = "/usr/bin/python3"
sched_file = os.path.join(workdir, "scheduler.json")
if os.path.exists(sched_file):
    os.remove(sched_file)
log = open(os.path.join(workdir, "cluster.log"), "w")
procs = [subprocess.Popen([py, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                           "--dashboard-address", ":0", "--scheduler-file", sched_file],
                          cwd=workdir, stdout=log, stderr=log)]
status = 1
try:
    deadline = time.time() + 60
    while not os.path.exists(sched_file) and time.time() < deadline:
        time.sleep(0.1)
    import json
    time.sleep(0.2)
    addr = json.load(open(sched_file))["address"]
    workers = [subprocess.Popen([py, "-m", "distributed.cli.dask_worker", "--no-nanny", "--nthreads", "1",
                                 "--dashboard-address", ":0", "--host", "127.0.0.1", addr],
                                cwd=workdir, stdout=log, stderr=log) for _ in range(n)]
    procs += workers
    from distributed import Client
    with Client(addr, timeout=30) as c:
        c.wait_for_workers(n, timeout=60)
    run = subprocess.Popen([a.replace("@ADDR@", addr) for a in cmd])
    killed_at = None
    paused = False
    if kill:
        while run.poll() is None and len(glob.glob(kill[0])) < kill[1]:
            time.sleep(0.05)
        if run.poll() is None and victim == "pause":
            procs[0].send_signal(signal.SIGSTOP)
            paused = True
            print("paused scheduler", file=sys.stderr, flush=True)
        elif run.poll() is None:
            target = workers[0] if victim == "worker" else procs[0]
            jobs = children_of(target.pid)
            # Said before the kill, so that it precedes whatever flytec
            # reports about it in the shared stderr even on a busy machine.
            print("killed %s %d" % (victim, target.pid), file=sys.stderr, flush=True)
            target.send_signal(signal.SIGKILL)
            killed_at = time.time()
            # Its jobs' processes must not run on alongside their reruns.
            while any(map(alive, jobs)) and time.time() < killed_at + 1:
                time.sleep(0.05)
            print("processes of the killed %s alive 1 s later: %d" % (victim, sum(map(alive, jobs))),
                  file=sys.stderr)
    status = run.wait()
    if killed_at is not None:
        print("exit %d %.1fs after the kill" % (status, time.time() - killed_at), file=sys.stderr)
    def count_left(when, wait):
        deadline = time.time() + wait
        while left_with(marker) and time.time() < deadline:
            time.sleep(0.1)
        found = left_with(marker)
        print("left %s: %d" % (when, len(found)), file=sys.stderr)
        for pid in found:
            try:
                what = open("/proc/%d/cmdline" % pid, "rb").read().replace(b"\0", b" ").decode()[:160]
            except OSError:
                what = "?"
            print("  left: %d %s" % (pid, what), file=sys.stderr)
            describe_left(pid)
            os.kill(pid, signal.SIGKILL)
        if found:
            describe_cancel_markers()
    if marker:
        count_left("after the run", 2)
    if paused:
        procs[0].send_signal(signal.SIGCONT)
        paused = False
        print("resumed scheduler", file=sys.stderr)
        if marker:
            time.sleep(3)
            count_left("after the scheduler resumed", 0)
finally:
    if procs[0].poll() is None:
        procs[0].send_signal(signal.SIGCONT)
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
sys.exit(status)
