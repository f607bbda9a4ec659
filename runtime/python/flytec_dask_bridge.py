"""flytec's bridge to Dask (spec §8, §11; docs/dask.md).

Embedded into the flytec binary at build time and written next to the run's
state (`.flytec/dask/`) before use, so it works from a build tree, an install
and a clean clone alike. It runs under a Python that can import
`distributed` (Debian's `/usr/bin/python3` here). Two modes:

  executor (--scheduler ADDR | --local N): the Dask executor's other half.
      Reads JSON lines from stdin (`submit`... `flush`, `cancel`,
      `shutdown`), submits each round of jobs up to a `flush` to the cluster
      through distributed.Client in one client.map, and writes one JSON line
      per finished job to stdout (`done`: kind, exit code, worker address,
      times, stderr tail), read from the result file the job left.
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


_PROTO = {"in": sys.stdin, "out": sys.stdout}


def emit_many(objs, _lock=threading.Lock()):
    """Writes protocol lines to the engine in one write."""
    text = "".join(json.dumps(o, separators=(",", ":")) + "\n" for o in objs)
    with _lock:
        _PROTO["out"].write(text)
        _PROTO["out"].flush()


def emit(obj):
    emit_many([obj])


def _private_protocol_fds():
    """Moves the engine's pipe off fds 0 and 1 onto close-on-exec fds, so that
    no child (a local cluster's nannies and workers, which inherit 0-2) holds
    it: when this process dies, the engine sees end-of-file at once."""
    _PROTO["in"] = os.fdopen(os.dup(0), "r", encoding="utf-8")
    _PROTO["out"] = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)  # stray prints go to the log
    sys.stdin = open(os.devnull)
    sys.stdout = sys.stderr


def _tail(path, limit=2048):
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - limit))
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


class _Watchdog:
    """Timeouts and cancellation for the jobs running in one worker process.

    run_job blocks in waitpid (a polling wait costs milliseconds per job);
    this one thread per worker process kills a job's process group at its
    deadline or when the run's cancel marker appears (checked every 0.5 s):
    SIGTERM, then SIGKILL 1 s later if the job is still registered."""

    def __init__(self):
        self.cond = threading.Condition()
        self.jobs = {}  # pid -> [deadline, cancel_file, kind, kill_at]

    @staticmethod
    def get():
        # One per process, also when Dask deserializes this module's code
        # more than once (run_job travels by value from the bridge's
        # __main__): the instance lives in sys.modules, not in our globals.
        holder = sys.modules.get("_flytec_dask_watchdog")
        if holder is None:
            import types
            mine = types.ModuleType("_flytec_dask_watchdog")
            mine.instance = _Watchdog()
            holder = sys.modules.setdefault("_flytec_dask_watchdog", mine)  # atomic: one wins
            if holder is mine:
                threading.Thread(target=mine.instance._loop, name="flytec-watchdog", daemon=True).start()
        return holder.instance

    def add(self, pid, deadline, cancel_file):
        with self.cond:
            self.jobs[pid] = [deadline, cancel_file, None, None]
            if deadline is not None:  # else the next 0.5 s check will do
                self.cond.notify()

    def remove(self, pid):
        """Unregisters `pid`; returns "timeout", "cancelled" or None."""
        with self.cond:
            return self.jobs.pop(pid)[2]

    def _loop(self):
        while True:
            with self.cond:
                now = time.time()
                wake = now + 0.5
                cancels = {}
                for pid, entry in self.jobs.items():
                    deadline, cancel_file, kind, kill_at = entry
                    if kind is None and cancel_file:
                        if cancel_file not in cancels:
                            cancels[cancel_file] = os.path.exists(cancel_file)
                        if cancels[cancel_file]:
                            kind = "cancelled"
                    if kind is None and deadline is not None and now >= deadline:
                        kind = "timeout"
                    if kind is not None and entry[2] is None:
                        entry[2], entry[3] = kind, now + 1.0
                        _killpg(pid, signal.SIGTERM)
                    elif kill_at is not None and now >= kill_at:
                        _killpg(pid, signal.SIGKILL)
                        entry[3] = now + 1.0
                    for t in (deadline if entry[2] is None else None, entry[3]):
                        if t is not None:
                            wake = min(wake, t)
                self.cond.wait(max(0.0, wake - time.time()))


def _killpg(pid, sig):
    try:
        os.killpg(pid, sig)
    except OSError:
        pass


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
    env = dict(kv.split("=", 1) for kv in job["env"])
    watchdog = _Watchdog.get()
    try:
        with open(job["stdout"], "wb") as out, open(job["stderr"], "wb") as err:
            proc = subprocess.Popen(job["argv"], env=env, cwd=job.get("cwd") or None,
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    start_new_session=True)
    except OSError as e:
        res.update(kind="spawn_failed", error="cannot start `%s`: %s" % (job["argv"][0], e.strerror or e),
                   end=time.time())
        return _report(job, res)
    watchdog.add(proc.pid, None if timeout is None else res["start"] + timeout, job.get("cancel_file") or "")
    try:
        status = proc.wait()
    finally:
        kind = watchdog.remove(proc.pid)
    # As a container runtime does when the main process ends: nothing of the
    # group outlives the leader.
    _killpg(proc.pid, signal.SIGKILL)
    res["end"] = time.time()
    if kind is None:
        if status >= 0:
            kind, res["code"] = "exited", status
        else:
            kind, res["signal"] = "signaled", -status
    res["kind"] = kind
    if kind != "exited" or res["code"] != 0:
        res["stderr_tail"] = _tail(job["stderr"])
    return _report(job, res)


def _job_on_worker(job, bridge=os.path.abspath(__file__)):
    """What the bridge submits: loads this file as a module on the worker
    (once per worker process; workers see the host's paths, docs/dask.md)
    and calls its run_job. Dask ships a function defined in the bridge's
    __main__ by value with every task: run_job with the watchdog it refers
    to pickles to about 10 KB, this to well under 1 KB, which the client,
    the scheduler and the worker each handle once per job."""
    import sys
    mod = sys.modules.get("_flytec_dask_bridge_jobs")
    if mod is None or mod.__file__ != bridge:
        import importlib.util
        spec = importlib.util.spec_from_file_location("_flytec_dask_bridge_jobs", bridge)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        sys.modules["_flytec_dask_bridge_jobs"] = mod
    return mod.run_job(job)


def _report(job, res):
    """Also leaves the result beside the attempt's stdout (the file system is
    shared), so the bridge reads it there instead of fetching each result
    through the scheduler; the returned value is the fallback."""
    path = job.get("result")
    if path:
        try:
            with open(path, "w") as f:
                json.dump(res, f, separators=(",", ":"))
        except OSError:
            pass
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
    _private_protocol_fds()
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

    from distributed import as_completed
    inbox = queue.Queue()
    pending = {}  # id -> future, until reported
    jobs_result = {}  # id -> result file
    pending_lock = threading.Lock()
    # One watcher for every future (as_completed: a coroutine each on the
    # client's loop, completions queued for the reporter), not a done
    # callback per future: add_done_callback hands each completion through
    # a thread pool, one more thread switch per job under the GIL.
    watcher = as_completed(loop=client.loop)
    stopping = threading.Event()

    def reader():
        for line in _PROTO["in"]:
            line = line.strip()
            if line:
                inbox.put(json.loads(line))
        inbox.put(None)

    def failure(fut):
        try:
            if fut.cancelled():
                return {"kind": "cancelled"}
            e = fut.exception()
        except BaseException as x:  # CancelledError and the like
            e = x
        return {"kind": "spawn_failed", "error": "Dask could not run it: %s: %s" % (type(e).__name__, e)}

    def from_file(jid):
        try:
            with open(jobs_result[jid]) as f:
                return json.load(f)
        except (OSError, ValueError, KeyError):
            return None

    def next_batch():
        """Every completion queued so far (waits for one); [] once stopping
        and nothing is left."""
        with watcher.thread_condition:
            # The watcher queues, then notifies under this condition: checked
            # while holding it, no wake-up is lost.
            while not watcher.has_ready():
                if stopping.is_set():
                    return []
                watcher.thread_condition.wait(0.5)
        return watcher.next_batch(block=False)

    def reporter():
        # Completions are drained in batches. A finished job's result is read
        # from the file it left (no round trip through the scheduler and the
        # worker per job); only when that fails is it fetched, with one
        # gather for the batch.
        while True:
            batch = next_batch()
            if not batch:
                return
            out = []
            fetch = []
            done_ids = []
            for f in batch:
                jid = int(f.key.rsplit("-", 1)[1])
                done_ids.append(jid)
                if f.status == "finished":
                    res = from_file(jid)
                    if res is None:
                        fetch.append((jid, f))
                        continue
                else:
                    res = failure(f)
                res["id"] = jid
                out.append(res)
            if fetch:
                try:
                    results = client.gather([f for _, f in fetch], errors="raise")
                except BaseException:
                    results = [None] * len(fetch)
                for (jid, f), res in zip(fetch, results):
                    if res is None:
                        try:
                            res = f.result()
                        except BaseException:
                            res = failure(f)
                    res["id"] = jid
                    out.append(res)
            with pending_lock:
                for jid in done_ids:
                    pending.pop(jid, None)
                    jobs_result.pop(jid, None)
            for res in out:
                res["op"] = "done"
            if out:
                emit_many(out)

    threading.Thread(target=reader, daemon=True).start()
    rep = threading.Thread(target=reporter, daemon=True)
    rep.start()

    # Submissions arrive in rounds, each ended by `flush` (the engine writes
    # a round at once): one client.map per round and resource group, as
    # plain client.map over many jobs would be.
    running = True
    groups = {}
    while running:
        msg = inbox.get()
        op = None if msg is None else msg.get("op")
        if op == "submit":
            key = tuple(sorted((msg.get("resources") or {}).items()))
            groups.setdefault(key, []).append(msg)
            continue
        if op == "cancel":
            with pending_lock:
                futs = list(pending.values())
            if futs:
                client.cancel(futs)
            continue
        if op not in ("flush", "shutdown", None):
            continue
        running = op == "flush"
        for key, jobs in groups.items():
            futs = client.map(_job_on_worker, [j["job"] for j in jobs], key=["flytec-%s-%d" % (args.tag, j["id"]) for j in jobs],
                              pure=False, resources=dict(key) or None)
            with pending_lock:
                for j, f in zip(jobs, futs):
                    pending[j["id"]] = f
                    jobs_result[j["id"]] = j["job"].get("result") or ""
            watcher.update(futs)
        groups = {}
    # Jobs still out are reported before the bridge goes (bounded: the engine
    # only shuts down once nothing is in flight, or after cancelling).
    deadline = time.time() + 10
    while time.time() < deadline:
        with pending_lock:
            if not pending:
                break
        time.sleep(0.05)
    stopping.set()
    with watcher.thread_condition:
        watcher.thread_condition.notify_all()
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
