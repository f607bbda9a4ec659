"""A Dask task's own short-lived cluster (docs/dask.md), flytec's side.

  `python flytec_dask_cluster.py cluster --workers N ... -- CMD...`: brings
      up N workers on 127.0.0.1, runs CMD with DASK_SCHEDULER_ADDRESS, and
      tears everything down afterwards (cluster_main).
  start_local_cluster(): that cluster, also the bridge's `--dask local:N`.

Runs as a script on the host or on a Dask worker: the bridge's worker plugin
brings its text to every worker (flytec_dask_worker.attach writes it under
the worker's local directory), so it needs nothing but itself.
"""
import os
import signal
import subprocess
import sys


def _parse_resources(text):
    out = {}
    for part in filter(None, (text or "").split(",")):
        k, v = part.split("=", 1)
        out[k.strip()] = float(v)
    return out


def start_local_cluster(n, threads, memory_limit=None, resources=None):
    from distributed import LocalCluster
    import logging
    kwargs = {}
    if memory_limit:
        kwargs["memory_limit"] = memory_limit
    if resources:
        kwargs["resources"] = resources
    return LocalCluster(n_workers=n, threads_per_worker=threads, processes=True, host="127.0.0.1",
                        scheduler_port=0, dashboard_address=None, silence_logs=logging.ERROR, **kwargs)


def cluster_main(args, cmd):
    """A Dask task's cluster: N workers on 127.0.0.1, CMD with
    DASK_SCHEDULER_ADDRESS, everything torn down afterwards."""
    from distributed import Client
    resources = _parse_resources(args.resources)
    cluster = client = proc = None
    stopping = {"sig": 0}

    def on_signal(sig, _frame):
        stopping["sig"] = sig
        if proc is not None and proc.poll() is None:
            try:
                proc.send_signal(sig)
            except OSError:
                pass
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    code = 1
    try:
        cluster = start_local_cluster(args.workers, args.threads, args.memory_limit or None, resources or None)
        client = Client(cluster.scheduler_address, timeout=args.join_timeout)
        try:
            client.wait_for_workers(args.workers, timeout=args.join_timeout)
        except Exception:
            n = len(client.scheduler_info().get("workers", {}))
            sys.stderr.write("flytec: only %d of %d Dask workers joined the task's cluster within %gs\n"
                             % (n, args.workers, args.join_timeout))
            return 1
        env = dict(os.environ)
        env["DASK_SCHEDULER_ADDRESS"] = cluster.scheduler_address
        sys.stderr.flush()
        proc = subprocess.Popen(cmd, env=env)
        code = proc.wait()
        code = code if code >= 0 else 128 - code
    except KeyboardInterrupt:
        code = 128 + (stopping["sig"] or signal.SIGINT)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        try:
            if client is not None:
                client.close(timeout=5)
            if cluster is not None:
                cluster.close(timeout=10)
        except Exception:
            pass
    return code


def main(argv):
    import argparse
    cmd = []
    if "--" in argv:
        i = argv.index("--")
        argv, cmd = argv[:i], argv[i + 1:]
    p = argparse.ArgumentParser(prog="flytec_dask_worker")
    sub = p.add_subparsers(dest="mode", required=True)
    c = sub.add_parser("cluster")
    c.add_argument("--workers", type=int, default=1)
    c.add_argument("--threads", type=int, default=1)
    c.add_argument("--memory-limit", type=int, default=0)
    c.add_argument("--resources", default="")
    c.add_argument("--join-timeout", type=float, default=60.0)
    args = p.parse_args(argv)
    if not cmd:
        p.error("cluster: no command after `--`")
    return cluster_main(args, cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
