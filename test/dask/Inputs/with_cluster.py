#!/usr/bin/env python3
"""Runs CMD against a real Dask cluster on 127.0.0.1: `dask scheduler` on a
random free port and N `dask worker` processes (no nanny, so a killed worker
stays dead), started in DIR. `@ADDR@` in CMD becomes the scheduler address.
With --kill-after-outputs GLOB:K, one worker is killed with SIGKILL as soon
as K files match GLOB (a map is then running). The cluster is always torn
down; exits with CMD's status.

usage: with_cluster.py DIR N [--kill-after-outputs GLOB:K] -- CMD..."""
import glob
import os
import signal
import subprocess
import sys
import time

args = sys.argv[1:]
i = args.index("--")
opts, cmd = args[:i], args[i + 1:]
workdir, n = opts[0], int(opts[1])
kill = None
if len(opts) > 2 and opts[2] == "--kill-after-outputs":
    pattern, count = opts[3].rsplit(":", 1)
    kill = (pattern, int(count))
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
    if kill:
        while run.poll() is None and len(glob.glob(kill[0])) < kill[1]:
            time.sleep(0.05)
        if run.poll() is None:
            workers[0].send_signal(signal.SIGKILL)
            print("killed worker %d" % workers[0].pid, file=sys.stderr)
    status = run.wait()
finally:
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
