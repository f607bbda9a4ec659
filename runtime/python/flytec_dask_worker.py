"""The worker side of flytec's Dask executor (docs/dask.md).

What runs on a Dask worker. It never travels by path: the bridge
(flytec_dask_bridge.py, the client side) sends this file's text to every
worker, present and future, in a worker plugin at connect time, and the
plugin installs it as a module of the worker process (`attach`). A worker
needs Python and `distributed`, nothing of the client's.

  run_job(job): one execution. The command runs as a process in a session of
      its own that dies with its worker (flytec_dask_spawn.py, installed
      beside this module by attach); a watchdog thread kills it at its timeout, at the run's cancel marker (shared mode), and
      when Dask no longer wants its task (the key cancelled or released: the
      client cancelled, or went away) or the worker closes (it lost its
      scheduler). Shared mode: the command uses the host's paths. Staged mode
      (job["stage"]): the command runs in a fresh directory under the
      worker's local directory, laid out from the bytes the job carries
      (flytec_dask_stage.py, also installed by attach), and its outputs come back as bytes or
      through an fsspec store.
  probe(path, nonce): whether this worker reads and writes the client's
      state directory (the bridge's auto-detection).

A Dask task's own short-lived cluster is flytec_dask_cluster.py, which the
plugin also brings: attach() writes it under the worker's local directory,
where a Dask task's command names it as `@FLYTEC_DASK_CLUSTER@`.

It knows nothing of Flyte: the C++ engine lays out inputs, substitutes argv,
reads outputs and decides retries.
"""
import json
import os
import pickle
import signal
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


# Dask task states in which the worker no longer wants a task it is running
# (distributed.worker_state_machine): its job process must stop.
_UNWANTED = ("cancelled", "released", "forgotten")


def on_transition(key, start, finish):
    """The worker plugin's transition hook (on the worker's event loop): a
    running flytec job whose task Dask cancelled or released (the client
    cancelled it, or disconnected) is killed at once."""
    if start == "executing" and finish in _UNWANTED and str(key).startswith("flytec-"):
        _installed("spawn").Watchdog.get().cancel(key)


def on_teardown(worker):
    """The plugin's teardown: when the worker closes (e.g. it lost its
    scheduler) every job it runs is killed; a plugin merely replaced (another
    run registering it again) leaves them alone."""
    status = str(getattr(worker, "status", ""))
    if "closing" in status or "closed" in status or "failed" in status:
        _installed("spawn").Watchdog.get().cancel(None)


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
    and waited for (_announced) once the command has been spawned: the send
    overlaps the spawn instead of delaying it, and the job does not wait for
    its command before the announcement is on its way. Returns what to wait
    for, or None."""
    try:
        import asyncio
        return asyncio.run_coroutine_threadsafe(_send_announcement(worker, topic, msg), worker.loop.asyncio_loop)
    except Exception:
        pass
    try:
        worker.log_event(topic, msg)
    except Exception:
        pass
    return None


async def _send_announcement(worker, topic, msg):
    """One `log-event` message written on the worker's own stream to the
    scheduler, as the worker's log_event would batch it, but written now:
    once the write returns the message is in the kernel's socket buffer,
    which delivers it even if the worker is killed a moment later (a
    batched one could still be waiting for its batch). The scheduler reads
    a stream in order, so it has the try before it learns the worker is
    gone. Where this worker's Dask has no such stream, a round trip to the
    scheduler instead (as costly as two messages and a reply)."""
    stream = getattr(getattr(worker, "batched_stream", None), "comm", None)
    if stream is not None and not stream.closed():
        await stream.write([{"op": "log-event", "topic": topic, "msg": msg}])
        return
    await worker.scheduler.log_event(topic=topic, msg=msg)


def _announced(pending, limit=30.0):
    """Waits for the announcement _announce_try sent (bounded: a scheduler
    that does not answer must not hold the job's result up for ever)."""
    if pending is not None:
        try:
            pending.result(timeout=limit)
        except Exception:
            pass


def run_packed(packed, blobs):
    """Runs the job the bridge pickled (flytec_dask_session.Session.submit),
    with the bytes of the blobs it names in `blobs` (in the order of their
    indexes in the job's stage)."""
    job = pickle.loads(packed)
    if job.get("stage") is not None and blobs:
        stager = _installed("stage")
        if stager is not None:
            stager.attach_blobs(job["stage"], blobs)
    return run_job(job)


def run_job(job):
    """Runs one execution on a worker (this is what Dask executes).

    Returns a dict: kind (exited/signaled/timeout/cancelled/spawn_failed),
    code, signal, why (a failure, as the reasons of flytec's catalogue that
    word it: a list of [name, values...], outermost first), start/end (epoch
    seconds), worker, stderr_tail; in staged mode also `staged` (the
    outputs, stdout and stderr)."""
    worker = _worker()
    key = None
    try:
        key = worker.get_current_task()
    except Exception:
        pass
    res = {"worker": getattr(worker, "address", ""), "code": 0, "signal": 0, "start": time.time()}
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
        stager = _installed("stage")
        if stager is None:
            res.update(kind="spawn_failed", why=[["dask_staging_code_missing"]], end=time.time())
            return res
        try:
            place = stager.materialize(job, getattr(worker, "local_directory", None) or "/tmp", __file__)
        except OSError as e:
            res.update(kind="spawn_failed", end=time.time(), why=[["dask_worker_layout_failed", str(e)]])
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
    spawn = _installed("spawn")
    watchdog = spawn.Watchdog.get()
    here = {"@FLYTEC_DASK_CLUSTER@": _CLUSTER_FILE[0], "@FLYTEC_DASK_PYTHON@": sys.executable}
    argv = [here.get(a, a) for a in job["argv"]]
    try:
        with open(job["stdout"], "wb") as out, open(job["stderr"], "wb") as err:
            proc = spawn.start(argv, env, job.get("cwd") or None, out, err)
    except OSError as e:
        why = ["cannot_start", argv[0], e.strerror or str(e)]
        cwd = job.get("cwd")
        if cwd and not os.path.isdir(cwd):
            why = ["cannot_start_without_cwd", argv[0], cwd]
        elif not os.path.isdir(os.path.dirname(job["stdout"])):
            why = ["cannot_start_without_attempt_dir", argv[0], os.path.dirname(job["stdout"])]
        res.update(kind="spawn_failed", why=[why], end=time.time())
        return
    watchdog.add(proc.pid, None if timeout is None else res["start"] + timeout, job.get("cancel_file") or "", key)
    _announced(announcement)
    try:
        status = proc.wait()
    finally:
        kind = watchdog.remove(proc.pid)
    # As a container runtime does when the main process ends: nothing of the
    # group outlives the leader.
    spawn.killpg(proc.pid, signal.SIGKILL)
    spawn.forget(proc.pid)
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


# The cluster command's file on the worker (written by attach()), what a
# Dask task's command names as `@FLYTEC_DASK_CLUSTER@` to start its own
# cluster with.
_CLUSTER_FILE = [""]


def attach(worker, sources):
    """Called by the worker plugin once this module is installed (`sources`:
    role -> text): writes the cluster command under the worker's local
    directory (for Dask tasks' launcher) and installs the spawning and
    staging halves as modules beside this one."""
    directory = os.path.join(getattr(worker, "local_directory", None) or "/tmp", "flytec")
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, __name__ + "_cluster.py")
    if not os.path.exists(path):
        tmp = "%s.%d.tmp" % (path, os.getpid())
        with open(tmp, "w") as f:
            f.write(sources["cluster"])
        os.replace(tmp, path)
    _CLUSTER_FILE[0] = path
    for role in ("spawn", "stage"):
        name = __name__ + "_" + role
        if name not in sys.modules:
            import types
            mod = types.ModuleType(name)
            mod.__file__ = name + ".py"
            exec(compile(sources[role], mod.__file__, "exec"), mod.__dict__)
            sys.modules[name] = mod


def _installed(role):
    """The module of this one's `role` (spawn, stage) that attach() installed."""
    return sys.modules.get(__name__ + "_" + role)


def probe(path, nonce):
    """Whether this worker reads the client's file `path` with `nonce` in it
    and can write beside it: writes `path.ADDRESS-PID` with the nonce, which
    the client then looks for. Returns ["ok", ANSWER_PATH], or what went
    wrong as a reason of flytec's catalogue and its values."""
    try:
        with open(path) as f:
            seen = f.read()
    except OSError as e:
        return ["probe_unreadable", path, str(e.strerror or e)]
    if seen != nonce:
        return ["probe_reads_another_file", path]
    answer = "%s.%d-%d" % (path, os.getpid(), threading.get_ident())
    try:
        with open(answer, "w") as f:
            f.write(nonce)
    except OSError as e:
        return ["probe_cannot_write_beside", path, str(e.strerror or e)]
    return ["ok", answer]


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
        return _installed("spawn").per_process("_flytec_dask_results_channel", _Channel)

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
