"""flytec's bridge to Dask (spec §8, §11; docs/dask.md).

Embedded into the flytec binary at build time and written next to the run's
state (`.flytec/dask/`) before use, so it works from a build tree, an install
and a clean clone alike. It runs under a Python that can import
`distributed` (Debian's `/usr/bin/python3` here). Two modes:

  executor (--scheduler ADDR | --local N): the Dask executor's other half.
      Reads JSON lines from stdin (`submit`, `cancel`, `shutdown`), submits
      each job to the cluster through distributed.Client in batches
      (client.map per batch), and writes one JSON line per finished job to
      stdout (`done`: kind, exit code, worker address, times, stderr tail).
      Before anything else it writes `hello` (workers, threads, declared
      resources) or `error` (e.g. the scheduler is unreachable) and exits.
  cluster --workers N ... -- CMD...: a Dask task's own short-lived cluster
      (one scheduler, N workers on 127.0.0.1, random free ports), waits until
      every worker joined, runs CMD with DASK_SCHEDULER_ADDRESS set, and
      tears the cluster down afterwards, also when CMD fails or a signal
      arrives. Exits with CMD's status.

It knows nothing of Flyte: the C++ engine lays out inputs, substitutes
argv, reads outputs and decides retries. Jobs run on workers as processes in
a session of their own; file and dir values travel by path (workers share
the file system).
"""
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time


def emit(obj, _lock=threading.Lock()):
    line = json.dumps(obj, separators=(",", ":")) + "\n"
    with _lock:
        sys.stdout.write(line)
        sys.stdout.flush()


def _tail(path, limit=2048):
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - limit))
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


def run_job(job):
    """Runs one execution on a worker (this is what Dask executes).

    Returns a dict: kind (exited/signaled/timeout/cancelled/spawn_failed),
    code, signal, error, start/end (epoch seconds), worker, stderr_tail."""
    where = ""
    try:
        from distributed import get_worker
        where = get_worker().address
    except Exception:
        pass
    res = {"worker": where, "code": 0, "signal": 0, "error": "", "start": time.time()}
    timeout = job.get("timeout")
    cancel_file = job.get("cancel_file") or ""
    env = dict(kv.split("=", 1) for kv in job["env"])
    try:
        with open(job["stdout"], "wb") as out, open(job["stderr"], "wb") as err:
            proc = subprocess.Popen(job["argv"], env=env, cwd=job.get("cwd") or None,
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    start_new_session=True)
    except OSError as e:
        res.update(kind="spawn_failed", error="cannot start `%s`: %s" % (job["argv"][0], e.strerror or e),
                   end=time.time())
        return res
    deadline = None if timeout is None else res["start"] + timeout
    kind = None
    while True:
        step = 0.5 if deadline is None else max(0.0, min(0.5, deadline - time.time()))
        try:
            proc.wait(timeout=step)
            break
        except subprocess.TimeoutExpired:
            pass
        if deadline is not None and time.time() >= deadline:
            kind = "timeout"
        elif cancel_file and os.path.exists(cancel_file):
            kind = "cancelled"
        if kind:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except OSError:
                pass
            try:
                proc.wait(timeout=1.0)
            except subprocess.TimeoutExpired:
                pass
            break
    # As a container runtime does when the main process ends: nothing of the
    # group outlives the leader.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    status = proc.wait()
    res["end"] = time.time()
    if kind is None:
        if status >= 0:
            kind, res["code"] = "exited", status
        else:
            kind, res["signal"] = "signaled", -status
    res["kind"] = kind
    if kind != "exited" or res["code"] != 0:
        res["stderr_tail"] = _tail(job["stderr"])
    return res


def _parse_resources(text):
    out = {}
    for part in filter(None, (text or "").split(",")):
        k, v = part.split("=", 1)
        out[k.strip()] = float(v)
    return out


def _start_local_cluster(n, threads, memory_limit=None, resources=None):
    from distributed import LocalCluster
    import logging
    kwargs = {}
    if memory_limit:
        kwargs["memory_limit"] = memory_limit
    if resources:
        kwargs["resources"] = resources
    return LocalCluster(n_workers=n, threads_per_worker=threads, processes=True, host="127.0.0.1",
                        scheduler_port=0, dashboard_address=None, silence_logs=logging.ERROR, **kwargs)


def executor_main(args):
    from distributed import Client
    cluster = None
    address = args.scheduler
    try:
        if args.local:
            cluster = _start_local_cluster(args.local, args.threads)
            address = cluster.scheduler_address
        client = Client(address, timeout=args.connect_timeout)
        if args.local:
            client.wait_for_workers(args.local, timeout=args.connect_timeout)
    except Exception as e:  # unreachable, refused, timed out, bad address
        emit({"op": "error", "message": "cannot connect to the Dask scheduler at %s within %gs: %s"
              % (address, args.connect_timeout, str(e) or type(e).__name__)})
        if cluster is not None:
            cluster.close()
        return 2
    info = client.scheduler_info()
    workers = info.get("workers", {})
    resources = {}
    for w in workers.values():
        for k, v in (w.get("resources") or {}).items():
            resources[k] = max(resources.get(k, 0), v)
    emit({"op": "hello", "address": address, "workers": len(workers),
          "threads": sum(w.get("nthreads", 1) for w in workers.values()), "resources": resources})

    inbox = queue.Queue()
    finished = queue.Queue()
    pending = {}
    pending_lock = threading.Lock()

    def reader():
        for line in sys.stdin:
            line = line.strip()
            if line:
                inbox.put(json.loads(line))
        inbox.put(None)

    def reporter():
        while True:
            item = finished.get()
            if item is None:
                return
            jid, fut = item
            with pending_lock:
                pending.pop(jid, None)
            try:
                if fut.cancelled():
                    res = {"kind": "cancelled"}
                else:
                    res = fut.result()
            except BaseException as e:  # KilledWorker, CancelledError, ...
                res = {"kind": "spawn_failed", "error": "Dask could not run it: %s: %s" % (type(e).__name__, e)}
            res["op"] = "done"
            res["id"] = jid
            emit(res)

    threading.Thread(target=reader, daemon=True).start()
    rep = threading.Thread(target=reporter, daemon=True)
    rep.start()

    def on_done(jid):
        return lambda fut: finished.put((jid, fut))

    running = True
    while running:
        batch = [inbox.get()]
        while True:
            try:
                batch.append(inbox.get_nowait())
            except queue.Empty:
                break
        groups = {}
        for msg in batch:
            if msg is None or msg.get("op") == "shutdown":
                running = False
            elif msg.get("op") == "submit":
                key = tuple(sorted((msg.get("resources") or {}).items()))
                groups.setdefault(key, []).append(msg)
            elif msg.get("op") == "cancel":
                with pending_lock:
                    futs = list(pending.values())
                if futs:
                    client.cancel(futs)
        for key, jobs in groups.items():
            futs = client.map(run_job, [j["job"] for j in jobs], key=["flytec-%s-%d" % (args.tag, j["id"]) for j in jobs],
                              pure=False, resources=dict(key) or None)
            for j, f in zip(jobs, futs):
                with pending_lock:
                    pending[j["id"]] = f
                f.add_done_callback(on_done(j["id"]))
    # Jobs still out are reported before the bridge goes (bounded: the engine
    # only shuts down once nothing is in flight, or after cancelling).
    deadline = time.time() + 10
    while time.time() < deadline:
        with pending_lock:
            if not pending:
                break
        time.sleep(0.05)
    finished.put(None)
    rep.join(timeout=5)
    client.close()
    if cluster is not None:
        cluster.close()
    return 0


def cluster_main(args, cmd):
    from distributed import Client
    resources = _parse_resources(args.resources)
    cluster = None
    client = None
    proc = None
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
        cluster = _start_local_cluster(args.workers, args.threads, args.memory_limit or None, resources or None)
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
    p = argparse.ArgumentParser(prog="flytec_dask_bridge")
    sub = p.add_subparsers(dest="mode", required=True)
    e = sub.add_parser("executor")
    e.add_argument("--scheduler", default="")
    e.add_argument("--local", type=int, default=0)
    e.add_argument("--threads", type=int, default=1)
    e.add_argument("--connect-timeout", type=float, default=10.0)
    e.add_argument("--tag", default=str(os.getpid()))
    c = sub.add_parser("cluster")
    c.add_argument("--workers", type=int, default=1)
    c.add_argument("--threads", type=int, default=1)
    c.add_argument("--memory-limit", type=int, default=0)
    c.add_argument("--resources", default="")
    c.add_argument("--join-timeout", type=float, default=60.0)
    args = p.parse_args(argv)
    if args.mode == "executor":
        return executor_main(args)
    if not cmd:
        p.error("cluster: no command after `--`")
    return cluster_main(args, cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
