#!/usr/bin/env python3
"""Baselines for bench/dask/staged.sh on workers that share no file system
with the client, from the start of this process (import distributed and
connect included, as for flytec):

  map ADDR DIR N: plain client.map of the command flytec's map element runs,
      shipping the same bytes: each job carries its input file's bytes
      (read on the client), writes them to a fresh directory on the worker,
      runs `sh -c 'cat in > out'` there, returns the output's bytes, and the
      client writes each into DIR/out/I. No content addressing, no layout.
  floor ADDR DIR N: the raw transfer floor: client.scatter of the N input
      files' bytes, then client.gather of them back (written to DIR/out/I).

usage: client_map_staged.py map|floor ADDR DIR N"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

from distributed import Client


def run(data):
    d = tempfile.mkdtemp()
    try:
        with open(d + "/in", "wb") as f:
            f.write(data)
        subprocess.run(["sh", "-c", "cat in > out"], cwd=d, stdin=subprocess.DEVNULL, check=True,
                       start_new_session=True)
        with open(d + "/out", "rb") as f:
            return f.read()
    finally:
        shutil.rmtree(d)


if __name__ == "__main__":
    mode, addr, d, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    with Client(addr) as c:
        t = time.time()
        inputs = [open("%s/in/%d" % (d, i), "rb").read() for i in range(n)]
        if mode == "map":
            outs = c.gather(c.map(run, inputs, pure=False))
        else:
            outs = c.gather(c.scatter(inputs, hash=False))
        os.makedirs(d + "/out", exist_ok=True)
        for i, data in enumerate(outs):
            with open("%s/out/%d" % (d, i), "wb") as f:
                f.write(data)
        print("%s %.2f s" % (mode, time.time() - t), file=sys.stderr)
