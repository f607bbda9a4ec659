"""The worker side of flytec's Dask executor (docs/dask.md).

What runs on a Dask worker. It never travels by path: the bridge
(flytec_dask_bridge.py, the client side) sends this file's text to every
worker, present and future, in a worker plugin at connect time, and the
plugin installs it as a module of the worker process (`attach`). A worker
needs Python and `distributed`, nothing of the client's.

  run_job(job): one execution. The command runs as a process in a session of
      its own that dies with its worker (PR_SET_PDEATHSIG); a watchdog thread
      kills it at its timeout, at the run's cancel marker (shared mode), and
      when Dask no longer wants its task (the key cancelled or released: the
      client cancelled, or went away) or the worker closes (it lost its
      scheduler). Shared mode: the command uses the host's paths. Staged mode
      (job["stage"]): the command runs in a fresh directory under the
      worker's local directory, laid out from the bytes the job carries
      (flytec_dask_stage_worker below), and its outputs come back as bytes or
      through an fsspec store.
  probe(path, nonce): whether this worker reads and writes the client's
      state directory (the bridge's auto-detection).
  `python flytec_dask_worker.py cluster --workers N ... -- CMD...`: a Dask
      task's own short-lived cluster (cluster_main).

It knows nothing of Flyte: the C++ engine lays out inputs, substitutes argv,
reads outputs and decides retries.
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time


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
    """The one make() of this worker process, also when this module is
    installed more than once: it lives in sys.modules[name], not in our
    globals. on_first(instance) runs once, for the instance that won."""
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

    run_job blocks in waitpid; this one thread per worker process kills a
    job's process group at its deadline, when the run's cancel marker
    appears (checked every 0.5 s), or when Dask gave up its task (cancel()):
    SIGTERM, then SIGKILL 1 s later if the job is still registered."""

    def __init__(self):
        self.cond = threading.Condition()
        self.jobs = {}  # pid -> [deadline, cancel_file, kind, kill_at, key]

    @staticmethod
    def get():
        return _per_process("_flytec_dask_watchdog", _Watchdog, lambda w: threading.Thread(
            target=w._loop, name="flytec-watchdog", daemon=True).start())

    def add(self, pid, deadline, cancel_file, key=None):
        with self.cond:
            self.jobs[pid] = [deadline, cancel_file, None, None, key]
            if deadline is not None:  # else the next 0.5 s check will do
                self.cond.notify()

    def remove(self, pid):
        """Unregisters `pid`; returns "timeout", "cancelled" or None."""
        with self.cond:
            return self.jobs.pop(pid)[2]

    def cancel(self, key=None):
        """Stops the job of Dask task `key` (every job when None) now."""
        with self.cond:
            now = time.time()
            for pid, entry in self.jobs.items():
                if entry[2] is None and (key is None or entry[4] == key):
                    entry[2], entry[3] = "cancelled", now + 1.0
                    _killpg(pid, signal.SIGTERM)
            self.cond.notify()

    def _loop(self):
        while True:
            with self.cond:
                now = time.time()
                wake = now + 0.5
                cancels = {}
                for pid, entry in self.jobs.items():
                    deadline, cancel_file, kind, kill_at, _key = entry
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


# Dask task states in which the worker no longer wants a task it is running
# (distributed.worker_state_machine): its job process must stop.
_UNWANTED = ("cancelled", "released", "forgotten")


def on_transition(key, start, finish):
    """The worker plugin's transition hook (on the worker's event loop): a
    running flytec job whose task Dask cancelled or released (the client
    cancelled it, or disconnected) is killed at once."""
    if start == "executing" and finish in _UNWANTED and str(key).startswith("flytec-"):
        _Watchdog.get().cancel(key)


def on_teardown(worker):
    """The plugin's teardown: when the worker closes (e.g. it lost its
    scheduler) every job it runs is killed; a plugin merely replaced (another
    run registering it again) leaves them alone."""
    status = str(getattr(worker, "status", ""))
    if "closing" in status or "closed" in status or "failed" in status:
        _Watchdog.get().cancel(None)


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


_SETPRIV = []  # util-linux's setpriv if it has --pdeathsig, else None; looked up once per process


def _setpriv():
    if not _SETPRIV:
        import shutil
        path = shutil.which("setpriv")
        try:
            ok = bool(path) and subprocess.run([path, "--pdeathsig", "KILL", "--", "true"], stdin=subprocess.DEVNULL,
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
        except OSError:
            ok = False
        _SETPRIV.append(path if ok else None)
    return _SETPRIV[0]


def _killpg(pid, sig):
    try:
        os.killpg(pid, sig)
    except OSError:
        pass


def _worker():
    try:
        from distributed import get_worker
        return get_worker()
    except Exception:
        return None


def _announce_try(worker, topic, msg):
    """Every try announces itself (through the scheduler, to the bridge), so
    that a try Dask starts again elsewhere (its worker died) shows in
    flytec's trace as an event of its own. Sent now, on the worker's loop,
    and waited for (_announced) once the command has been spawned: the
    scheduler's round trip overlaps the spawn instead of delaying it, and
    the job still does not wait for its command before the scheduler has
    the announcement. Not the worker's own log_event: it is batched, and a
    worker killed within the batching interval would take the try with it,
    hiding the rerun. Returns what to wait for, or None."""
    try:
        import asyncio
        from distributed import get_client
        client = get_client()
        return asyncio.run_coroutine_threadsafe(client.scheduler.log_event(topic=topic, msg=msg),
                                                client.loop.asyncio_loop)
    except Exception:
        pass
    try:
        worker.log_event(topic, msg)
    except Exception:
        pass
    return None


def _announced(pending, limit=30.0):
    """Waits for the announcement _announce_try sent (bounded: a scheduler
    that does not answer must not hold the job's result up for ever)."""
    if pending is not None:
        try:
            pending.result(timeout=limit)
        except Exception:
            pass


def run_job(job):
    """Runs one execution on a worker (this is what Dask executes).

    Returns a dict: kind (exited/signaled/timeout/cancelled/spawn_failed),
    code, signal, error, start/end (epoch seconds), worker, stderr_tail; in
    staged mode also `staged` (the outputs, stdout and stderr)."""
    worker = _worker()
    key = None
    try:
        key = worker.get_current_task()
    except Exception:
        pass
    res = {"worker": getattr(worker, "address", ""), "code": 0, "signal": 0, "error": "", "start": time.time()}
    announcement = None
    if job.get("tries_topic") and worker is not None:
        announcement = _announce_try(worker, job["tries_topic"], {"id": job.get("id"), "worker": res["worker"],
                                                                  "start": res["start"]})
    try:
        return _run_job(job, worker, key, res, announcement)
    finally:
        _announced(announcement)  # no-op once waited for


def _run_job(job, worker, key, res, announcement):
    stage = job.get("stage")
    place = None
    if stage is not None:
        stager = sys.modules.get(__name__ + "_stage")
        if stager is None:
            res.update(kind="spawn_failed", error="flytec's staging code is not installed on this worker",
                       end=time.time())
            return res
        try:
            place = stager.materialize(job, getattr(worker, "local_directory", None) or "/tmp", __file__)
        except OSError as e:
            res.update(kind="spawn_failed", end=time.time(),
                       error="cannot lay out the job's files on the worker: %s" % e)
            return res
        job = place.job
    try:
        _execute(job, res, key, announcement)
        if place is not None:
            res["staged"] = place.collect(res)
        return _report(job, res)
    finally:
        if place is not None:
            place.remove()


def _execute(job, res, key, announcement=None):
    timeout = job.get("timeout")
    env = dict(kv.split("=", 1) for kv in job["env"])
    watchdog = _Watchdog.get()
    here = {"@FLYTEC_DASK_WORKER@": _WORKER_FILE[0], "@FLYTEC_DASK_PYTHON@": sys.executable}
    argv = [here.get(a, a) for a in job["argv"]]
    try:
        with open(job["stdout"], "wb") as out, open(job["stderr"], "wb") as err:
            # Without a preexec_fn Python spawns with vfork; any preexec_fn
            # makes it a full fork of the worker (35-55 ms for a 46 MB
            # worker, the GIL held throughout). setpriv sets the same
            # parent-death signal before it execs the command.
            setpriv = _setpriv()
            if setpriv:
                proc = subprocess.Popen([setpriv, "--pdeathsig", "KILL", "--"] + argv, env=env,
                                        cwd=job.get("cwd") or None, stdin=subprocess.DEVNULL, stdout=out,
                                        stderr=err, start_new_session=True)
            else:
                proc = subprocess.Popen(argv, env=env, cwd=job.get("cwd") or None,
                                        stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                        start_new_session=True, preexec_fn=_parent_death_signal())
    except OSError as e:
        what = e.strerror or str(e)
        cwd = job.get("cwd")
        if cwd and not os.path.isdir(cwd):
            what = "its working directory %s does not exist on this worker" % cwd
        elif not os.path.isdir(os.path.dirname(job["stdout"])):
            what = "its attempt directory %s does not exist on this worker" % os.path.dirname(job["stdout"])
        res.update(kind="spawn_failed", error="cannot start `%s`: %s" % (argv[0], what), end=time.time())
        return
    watchdog.add(proc.pid, None if timeout is None else res["start"] + timeout, job.get("cancel_file") or "", key)
    _announced(announcement)
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
    if job.get("outputs_dir") and job.get("stage") is None:
        res["listing"] = _listing(job["outputs_dir"])


def _listing(directory):
    """What this worker sees in an outputs directory: {relative path: size}
    (-1 for a directory), for the bridge to check that the client sees the
    same (a worker whose writes stay private must not look like a success)."""
    out = {}
    for root, dirs, files in os.walk(directory):
        for name in dirs + files:
            full = os.path.join(root, name)
            rel = os.path.relpath(full, directory)
            try:
                out[rel] = -1 if os.path.isdir(full) else os.lstat(full).st_size
            except OSError:
                pass
    return out


# This module's file on the worker (written by attach()), what a Dask task's
# command names as `@FLYTEC_DASK_WORKER@` to start its own cluster with.
_WORKER_FILE = [os.path.abspath(__file__) if "__file__" in globals() else ""]


def attach(worker, source, stage_source):
    """Called by the worker plugin once this module is installed: writes its
    text under the worker's local directory (for Dask tasks' launcher) and
    installs the staging half beside it."""
    directory = os.path.join(getattr(worker, "local_directory", None) or "/tmp", "flytec")
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, __name__ + ".py")
    if not os.path.exists(path):
        tmp = "%s.%d.tmp" % (path, os.getpid())
        with open(tmp, "w") as f:
            f.write(source)
        os.replace(tmp, path)
    _WORKER_FILE[0] = path
    name = __name__ + "_stage"
    if name not in sys.modules:
        import types
        mod = types.ModuleType(name)
        mod.__file__ = path
        exec(compile(stage_source, name, "exec"), mod.__dict__)
        sys.modules[name] = mod


def probe(path, nonce):
    """Whether this worker reads the client's file `path` with `nonce` in it
    and can write beside it: writes `path.ADDRESS-PID` with the nonce, which
    the client then looks for. Returns what it saw, for the message."""
    try:
        with open(path) as f:
            seen = f.read()
    except OSError as e:
        return "cannot read %s: %s" % (path, e.strerror or e)
    if seen != nonce:
        return "reads another file at %s" % path
    answer = "%s.%d-%d" % (path, os.getpid(), threading.get_ident())
    try:
        with open(answer, "w") as f:
            f.write(nonce)
    except OSError as e:
        return "cannot write beside %s: %s" % (path, e.strerror or e)
    return "ok " + answer


class _Channel:
    """This worker process's file in the run's results channel (shared mode
    only): a directory on the shared file system where every job appends its
    result as one JSON line, one file per worker process, opened once."""

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
    """Also appends the result to the run's results channel (shared mode), so
    the bridge reads it there instead of fetching each result through the
    scheduler; the returned value is the fallback."""
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
