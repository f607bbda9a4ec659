#!/usr/bin/env python3
"""The baseline for bench/dask/run.sh: N executions of the same command
(`sh -ec 'true; echo 0 > DIR/I'`) submitted with plain client.map against
the scheduler at ADDR, each a subprocess on a worker. Prints wall seconds.

usage: client_map.py ADDR N DIR"""
import subprocess
import sys
import time

from distributed import Client


def run(i, d):
    return subprocess.run(["sh", "-ec", "true; echo 0 > %s/%d" % (d, i)]).returncode


if __name__ == "__main__":
    addr, n, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with Client(addr) as c:
        t = time.time()
        codes = c.gather(c.map(run, range(n), [d] * n, pure=False))
        print("client.map %.2f s (%d failed)" % (time.time() - t, sum(1 for x in codes if x)))
