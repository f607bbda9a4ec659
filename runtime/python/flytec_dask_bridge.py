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
      times, stderr tail), read from the results channel the jobs append
      to (_Channel).
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


def _per_process(name, make, on_first=None):
    """The one make() of this worker process, also when Dask deserializes
    this module's code more than once (run_job travels by value from the
    bridge's __main__): it lives in sys.modules[name], not in our globals.
    on_first(instance) runs once, for the instance that won."""
    holder = sys.modules.get(name)
    if holder is None:
        import types
        mine = types.ModuleType(name)
        mine.instance = make()
        holder = sys.modules.setdefault(name, mine)  # atomic: one wins
        if holder is mine and on_first:
            on_first(mine.instance)
    return holder.instance


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
        return _per_process("_flytec_dask_watchdog", _Watchdog, lambda w: threading.Thread(
            target=w._loop, name="flytec-watchdog", daemon=True).start())

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


_PRCTL = []  # libc's prctl, looked up once per process (not in a forked child)


def _prctl():
    if not _PRCTL:
        try:
            import ctypes
            _PRCTL.append(ctypes.CDLL(None, use_errno=True).prctl)
        except (OSError, AttributeError):
            _PRCTL.append(None)
    return _PRCTL[0]


def _parent_death_signal():
    """A preexec_fn that asks the kernel to SIGKILL the child when the thread
    that started it ends (PR_SET_PDEATHSIG; the thread waits for it, so in
    effect: when this process dies), and exits at once if that already
    happened. None where libc's prctl cannot be had (not Linux)."""
    prctl, parent = _prctl(), os.getpid()
    if prctl is None:
        return None

    def set_it():
        prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:
            os._exit(127)
    return set_it


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
                                    start_new_session=True, preexec_fn=_parent_death_signal())
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


class _Channel:
    """This worker process's file in the run's results channel: a directory
    on the shared file system (`.flytec/dask/results-TAG/`) where every job
    appends its result as one JSON line, one file per worker process, opened
    once. Appending a line costs one write; a file per job cost creating an
    inode on the host's file system and opening it again on the bridge's
    side. One per worker process (_per_process); a new run's channel
    replaces the last."""

    def __init__(self):
        self.lock = threading.Lock()
        self.dir = None
        self.fd = -1

    @staticmethod
    def get():
        return _per_process("_flytec_dask_results_channel", _Channel)

    def append(self, directory, line):
        with self.lock:
            if self.dir != directory:
                if self.fd >= 0:
                    os.close(self.fd)
                self.dir, self.fd = None, -1
                import socket
                name = "%s-%d" % (socket.gethostname(), os.getpid())
                self.fd = os.open(os.path.join(directory, name), os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC,
                                  0o644)
                self.dir = directory
            os.write(self.fd, line)


def _report(job, res):
    """Also appends the result to the run's results channel (the file system
    is shared), so the bridge reads it there instead of fetching each result
    through the scheduler; the returned value is the fallback."""
    channel = job.get("channel")
    if channel:
        try:
            line = json.dumps(dict(res, id=job["id"]), separators=(",", ":")) + "\n"
            _Channel.get().append(channel, line.encode())
        except (OSError, KeyError, TypeError, ValueError):
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
    # Dies with flytec (the thread that started it lives as long as the run);
    # a local cluster's processes follow this one (distributed's own parent
    # pipe), and carry flytec's process tag for its guardian.
    if args.tag.isdigit() and _prctl() is not None:
        _prctl()(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        if os.getppid() != int(args.tag):  # the tag is flytec's pid
            return 1
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

    import asyncio
    inbox = queue.Queue()
    lock = threading.Lock()
    pending = {}  # id -> future, until reported
    nothing_pending = threading.Event()
    nothing_pending.set()
    reported = []  # futures reported, released in bulk
    channel = _ResultsChannel(args.channel)
    finished = []  # on the loop: futures whose state was set, to report
    report_scheduled = [False]
    slow = queue.Queue()  # [(id, future)] to report through the scheduler
    counts = {"channel": 0, "fetched": 0, "failed": 0}
    cancel_requested = []  # non-empty once the engine sent `cancel`

    def reader():
        for line in _PROTO["in"]:
            line = line.strip()
            if line:
                inbox.put(json.loads(line))
        inbox.put(None)

    def failure(fut):
        try:
            if fut.cancelled():
                if not cancel_requested:
                    # Not flytec's cancel: distributed cancels every future
                    # when the client loses its scheduler (Client._reconnect).
                    return {"kind": "lost", "error": "Dask cancelled it unasked (the client is %s: its "
                            "connection to the scheduler was lost)" % client.status}
                return {"kind": "cancelled"}
            e = fut.exception()
        except BaseException as x:  # CancelledError and the like
            e = x
        if e is None:
            return {"kind": "spawn_failed", "error": "Dask lost its result"}
        return {"kind": "spawn_failed", "error": "Dask could not run it: %s: %s" % (type(e).__name__, e)}

    def settle(ids, futs, out):
        """Reports `out` to the engine and forgets `ids`. Their futures are
        released in bulk, 4096 at a time, the rest when the client closes:
        releasing a finished map's futures when it ended put a thousand
        messages to the scheduler ahead of the next node's submission."""
        for res in out:
            res["op"] = "done"
        if out:
            emit_many(out)
        with lock:
            for jid in ids:
                pending.pop(jid, None)
            reported.extend(futs)
            idle = not pending
            if len(reported) >= 4096:
                futs = reported[:]
                del reported[:]
            else:
                futs = []
            if idle:
                nothing_pending.set()
        del futs  # the last references: each is released (one message to the scheduler)

    def report():
        # On the client's loop, once per loop iteration that saw completions:
        # finished jobs' results come from the channel; errors, cancellations
        # and results missing there go to the slow reporter.
        report_scheduled[0] = False
        batch = finished[:]
        del finished[:]
        out, ids, futs, hard = [], [], [], []
        for f in batch:
            jid = int(f.key.rsplit("-", 1)[1])
            status = f.status
            if status in ("pending", "lost"):  # rescheduled since it was set: wait again
                track([f])
                continue
            res = channel.result(jid) if status == "finished" else None
            if res is None:
                hard.append((jid, f))
                continue
            res["id"] = jid
            out.append(res)
            ids.append(jid)
            futs.append(f)
        counts["channel"] += len(out)
        settle(ids, futs, out)
        if hard:
            slow.put(hard)

    def on_done(f):  # on the client's loop
        finished.append(f)
        if not report_scheduled[0]:
            report_scheduled[0] = True
            asyncio.get_running_loop().call_soon(report)

    def track(futs):
        # On the client's loop: one task per future waiting on its state, its
        # done callback queues the future for report. (as_completed does this
        # with a coroutine per future that takes two locks and wakes a thread
        # per completion: about 0.1 ms of CPU per job against 0.02 ms.)
        # Without FutureState.wait (another version of distributed),
        # add_done_callback.
        for f in futs:
            wait = getattr(getattr(f, "_state", None), "wait", None)
            if wait is None:
                f.add_done_callback(lambda f: client.loop.add_callback(on_done, f))
                continue
            asyncio.ensure_future(wait()).add_done_callback(lambda _t, f=f: on_done(f))

    def slow_reporter():
        while True:
            hard = slow.get()
            if hard is None:
                return
            fetch = [(jid, f) for jid, f in hard if f.status == "finished"]
            results = {}
            if fetch:
                try:
                    results = dict(zip([jid for jid, _ in fetch], client.gather([f for _, f in fetch])))
                except BaseException:
                    pass
            out = []
            for jid, f in hard:
                res = results.get(jid)
                if not isinstance(res, dict) and f.status == "finished":
                    try:  # the batch's gather failed (e.g. a worker holding one died)
                        res = f.result()
                    except BaseException:
                        res = None
                if isinstance(res, dict):
                    counts["fetched"] += 1
                else:
                    res = failure(f)
                    counts["failed"] += 1
                res["id"] = jid
                out.append(res)
            settle([jid for jid, _ in hard], [f for _, f in hard], out)

    threading.Thread(target=reader, daemon=True).start()
    slow_thread = threading.Thread(target=slow_reporter, daemon=True)
    slow_thread.start()

    def submit(jobs, resources):
        # A function of its own: client.map sends the source of the first
        # caller outside Dask to the scheduler (for its dashboard), and
        # finding it tokenizes the whole calling function each time.
        return client.map(_job_on_worker, jobs, key=["flytec-%s-%d" % (args.tag, j["id"]) for j in jobs], pure=False,
                          resources=resources)

    # Submissions arrive in rounds, each ended by `flush` (the engine writes
    # a round at once): one client.map per round and resource group, as
    # plain client.map over many jobs would be.
    running = True
    groups = {}
    while running:
        msg = inbox.get()
        op = None if msg is None else msg.get("op")
        if op == "submit":
            job = msg["job"]
            job["id"] = msg["id"]
            if channel.dir:
                job["channel"] = channel.dir
            key = tuple(sorted((msg.get("resources") or {}).items()))
            groups.setdefault(key, []).append(job)
            continue
        if op == "cancel":
            cancel_requested.append(True)
            with lock:
                futs = list(pending.values())
            if futs:
                client.cancel(futs)
            continue
        if op not in ("flush", "shutdown", None):
            continue
        running = op == "flush"
        for key, jobs in groups.items():
            futs = submit(jobs, dict(key) or None)
            with lock:
                nothing_pending.clear()
                for j, f in zip(jobs, futs):
                    pending[j["id"]] = f
            client.loop.add_callback(track, futs)
            del futs
        groups = {}
    # Jobs still out are reported before the bridge goes (bounded: the engine
    # only shuts down once nothing is in flight, or after cancelling).
    nothing_pending.wait(10)
    slow.put(None)
    slow_thread.join(timeout=5)
    sys.stderr.write("flytec bridge: %d results from the channel, %d fetched through Dask, "
                     "%d failed or cancelled in Dask\n" % (counts["channel"], counts["fetched"], counts["failed"]))
    client.close()
    if cluster is not None:
        cluster.close()
    # Nothing is left to do: exit without the interpreter's teardown of
    # Dask's modules and objects, 50-80 ms that the engine waited for at
    # the end of every run.
    for f in (sys.stderr, _PROTO["out"]):
        try:
            f.flush()
        except (OSError, ValueError):
            pass
    os._exit(0)


class _ResultsChannel:
    """The bridge's side of the results channel (_Channel): reads the lines
    the jobs appended, by job id. Only the bridge's client loop uses it."""

    def __init__(self, directory):
        self.dir = directory if directory and os.path.isdir(directory) else ""
        self.files = {}  # file name -> [fd, bytes after the last complete line]
        self.results = {}  # id -> result read but not yet asked for

    def _read(self, rescan):
        if rescan:
            try:
                names = os.listdir(self.dir)
            except OSError:
                names = []
            for name in names:
                if name not in self.files:
                    try:
                        self.files[name] = [os.open(os.path.join(self.dir, name), os.O_RDONLY | os.O_CLOEXEC), b""]
                    except OSError:
                        pass
        for entry in self.files.values():
            while True:
                data = os.read(entry[0], 1 << 16)
                if not data:
                    break
                entry[1] += data
            if b"\n" in entry[1]:
                lines, entry[1] = entry[1].rsplit(b"\n", 1)
                for line in lines.split(b"\n"):
                    try:
                        res = json.loads(line)
                        self.results[res.pop("id")] = res
                    except (ValueError, KeyError, TypeError, AttributeError):
                        pass  # not a whole line: that job's result is fetched

    def result(self, jid):
        """The result job `jid` appended, or None (then it is fetched)."""
        if not self.dir:
            return None
        for rescan in (False, True):
            res = self.results.pop(jid, None)
            if res is not None:
                return res
            self._read(rescan)
        return self.results.pop(jid, None)


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
    e.add_argument("--channel", default="", help="the results channel's directory (created by the engine)")
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
