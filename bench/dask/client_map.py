#!/usr/bin/env python3
"""The baseline for bench/dask/run.sh: what `flytec run --dask` does for the
squares map, minus flytec. From the start of this process: import
distributed, connect to ADDR, create N directories `DIR/I/outputs`, then
one client.map (pure=False) of N jobs that each run, on a worker, the very
command flytec's map element runs (`sh -ec 'true; echo 0 >
DIR/I/outputs/o0'`) with the same environment flytec gives a task, stdin
from /dev/null, stdout and stderr into files, in a session of its own, and
return its exit status; gather them all, then run the `total` step's
command (`awk` over the N outputs) as one more job, and close the client.
Prints the seconds from connect to last result and the failures.

usage: client_map.py ADDR N DIR"""
import os
import subprocess
import sys
import time

from distributed import Client

ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/"),
       "TMPDIR": os.environ.get("TMPDIR", "/tmp"), "LANG": os.environ.get("LANG", "C.UTF-8")}
if "USER" in os.environ:
    ENV["USER"] = os.environ["USER"]


def run(argv, env, cwd, out, err):
    with open(out, "wb") as o, open(err, "wb") as e:
        return subprocess.run(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=o, stderr=e,
                              start_new_session=True).returncode


if __name__ == "__main__":
    addr, n, d = sys.argv[1], int(sys.argv[2]), os.path.abspath(sys.argv[3])
    with Client(addr) as c:
        t = time.time()
        argvs, envs, cwds, outs, errs = [], [], [], [], []
        for i in range(n):
            os.makedirs("%s/%d/outputs" % (d, i), exist_ok=True)
            argvs.append(["sh", "-ec", "true; echo 0 > %s/%d/outputs/o0" % (d, i)])
            envs.append(dict(ENV, FLYTE_K8S_ARRAY_INDEX=str(i)))
            cwds.append(d)
            outs.append("%s/%d/stdout" % (d, i))
            errs.append("%s/%d/stderr" % (d, i))
        codes = c.gather(c.map(run, argvs, envs, cwds, outs, errs, pure=False))
        os.makedirs("%s/total/outputs" % d, exist_ok=True)
        total = c.submit(run, ["sh", "-ec", "awk '{ s += $1 } END { print s }' %s/*/outputs/o0 > %s/total/outputs/o0"
                               % (d, d)], ENV, d, d + "/total/stdout", d + "/total/stderr", pure=False).result()
        print("client.map %.2f s (%d failed)" % (time.time() - t, sum(1 for x in codes + [total] if x)))
