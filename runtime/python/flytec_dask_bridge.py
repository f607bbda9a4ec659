"""flytec's bridge to Dask, the client side (docs/dask.md).

Embedded into the flytec binary at build time and written next to the run's
state (`.flytec/dask/`) with its two siblings before use. It runs under a
Python that can import `distributed` (Debian's `/usr/bin/python3` here):

  executor (--scheduler ADDR | --local N): the Dask executor's other half.
      Connects, installs flytec's worker code on every worker through Dask
      (a worker plugin carrying flytec_dask_worker.py's and
      flytec_dask_stage.py's text: nothing travels by path), decides between
      shared and staged mode (--stage auto probes whether every worker reads
      and writes the state directory), and writes `hello` (workers, threads,
      declared resources, mode) or `error`. Then it reads JSON lines from
      stdin (`submit`... `flush`, `cancel`, `shutdown`), submits each round
      of jobs up to a `flush` in one client.map per resource group, and
      writes one `done` line per finished job (kind, exit code, worker,
      times, stderr tail). Shared mode reads results from the results channel
      the jobs append to; staged mode fetches them with the job's outputs and
      writes those into the attempt directory (flytec_dask_stage.unpack).

The worker side (what a job runs, Dask tasks' own clusters) is
flytec_dask_worker.py. It knows nothing of Flyte: the C++ engine lays out
inputs, substitutes argv, reads outputs and decides retries.
"""
import json
import os
import queue
import signal
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



def _prctl():
    try:
        import ctypes
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _load_module(path, name):
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    sys.modules[name] = mod
    return mod


def _worker_module_name(source):
    import hashlib
    return "_flytec_dask_worker_" + hashlib.sha256(source.encode()).hexdigest()[:16]


try:
    from distributed.diagnostics.plugin import WorkerPlugin as _PluginBase
except ImportError:  # checked by flytec before the bridge starts
    _PluginBase = object


class FlytecWorkerPlugin(_PluginBase):
    """Installs flytec's worker code on a worker: the text of
    flytec_dask_worker.py (and of its staging half) travels inside this
    object, which Dask sends to every worker now and to every worker that
    joins later. Defined in the bridge's __main__, so it is pickled by value:
    the worker needs nothing of flytec. Its transition and teardown hooks
    kill the process of a job Dask no longer wants (flytec_dask_worker)."""

    def __init__(self, module, source, stage_source):
        self.name = module  # one per version of the code: idempotent across runs
        self.module, self.source, self.stage_source = module, source, stage_source

    def _mod(self):
        return sys.modules.get(self.module)

    def setup(self, worker):
        mod = self._mod()
        if mod is None:
            import types
            mod = types.ModuleType(self.module)
            mod.__file__ = self.module + ".py"
            exec(compile(self.source, mod.__file__, "exec"), mod.__dict__)
            sys.modules[self.module] = mod
        mod.attach(worker, self.source, self.stage_source)

    def transition(self, key, start, finish, *args, **kwargs):
        mod = self._mod()
        if mod is not None:
            mod.on_transition(key, start, finish)

    def teardown(self, worker):
        mod = self._mod()
        if mod is not None:
            mod.on_teardown(worker)


def _job_on_worker(job, _module=""):
    """What the bridge submits (small: a function of __main__ travels by value
    with every job): calls run_job of the worker code its plugin installed."""
    import sys
    mod = sys.modules.get(_module)
    if mod is None:
        raise RuntimeError("flytec's worker code is not installed on this worker (its plugin did not run)")
    return mod.run_job(job)


def _probe_shared(client, directory, module):
    """Whether every worker reads and writes `directory` as the client sees
    it: the client writes a nonce file there, each worker reads it and writes
    an answer beside it, and the client looks for every answer. Returns
    (shared, {worker: what it saw}). The probe's files are removed."""
    import uuid
    nonce = uuid.uuid4().hex
    path = os.path.join(directory, "probe-%d-%s" % (os.getpid(), nonce[:8]))
    with open(path, "w") as f:
        f.write(nonce)
    seen = {}
    try:
        answers = client.run(lambda p, n, m=module: sys.modules[m].probe(p, n), path, nonce)
        for worker, what in answers.items():
            if what.startswith("ok "):
                answer = what[3:]
                seen[worker] = "ok" if os.path.exists(answer) else \
                    "wrote %s, which the client does not see" % answer
                try:
                    os.remove(answer)
                except OSError:
                    pass
            else:
                seen[worker] = what
    finally:
        os.remove(path)
    return bool(seen) and all(v == "ok" for v in seen.values()), seen


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
    worker_source = open(args.worker_module, encoding="utf-8").read()
    stage_source = open(args.stage_module, encoding="utf-8").read()
    stager = _load_module(args.stage_module, "flytec_dask_stage")
    module = _worker_module_name(worker_source + stage_source)
    cluster = None
    address = args.scheduler
    try:
        if args.local:
            worker_mod = _load_module(args.worker_module, "flytec_dask_worker")
            cluster = worker_mod.start_local_cluster(args.local, args.threads)
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
    try:
        # Code by Dask: every worker, and every worker that joins later, gets
        # the worker code from this plugin, not from a path.
        client.register_worker_plugin(FlytecWorkerPlugin(module, worker_source, stage_source), name=module)
        staged, seen = args.stage == "always", {}
        if args.stage != "always":
            shared, seen = _probe_shared(client, args.probe_dir, module)
            staged = not shared
    except Exception as e:
        emit({"op": "error", "message": "cannot install flytec's worker code on the Dask cluster at %s: %s: %s"
              % (address, type(e).__name__, e)})
        return 2
    if staged and args.stage == "never":
        blind = ["%s (%s)" % (w, what) for w, what in sorted(seen.items()) if what != "ok"]
        emit({"op": "error", "message": "--dask-stage never, but " + (
            "the Dask cluster at %s has no workers" % address if not seen else
            "not every Dask worker reads and writes %s (the shared mode needs it): %s" % (
                args.probe_dir, "; ".join(blind)))})
        client.close()
        return 2
    if staged:
        args.channel = ""  # the workers cannot append to it
    resources = {}
    for w in workers.values():
        for k, v in (w.get("resources") or {}).items():
            resources[k] = max(resources.get(k, 0), v)
    emit({"op": "hello", "address": address, "workers": len(workers),
          "threads": sum(w.get("nthreads", 1) for w in workers.values()), "resources": resources,
          "staged": staged})
    sys.stderr.write("flytec bridge: %s mode (%s)\n" % ("staged" if staged else "shared", "; ".join(
        "%s: %s" % kv for kv in sorted(seen.items())) or "--dask-stage " + args.stage))
    blobs = stager.Blobs()
    tries = {}  # id -> [(worker, start)] every try announced (flytec_dask_worker.run_job)
    tries_topic = "flytec-tries-%s-%d" % (args.tag, os.getpid())

    def on_try(event):  # on the client's loop
        try:
            msg = event[1]
            tries.setdefault(msg["id"], []).append((msg["worker"], msg["start"]))
        except (TypeError, KeyError, IndexError):
            pass
    client.subscribe_topic(tries_topic, on_try)
    blob_refs = {}  # sha -> jobs pending that use it
    host_jobs = {}  # id -> what the client needs to finish the job (staged: its paths; shared: outputs dir)

    import asyncio
    inbox = queue.Queue()
    lock = threading.Lock()
    pending = {}  # id -> future, until reported
    nothing_pending = threading.Event()
    nothing_pending.set()
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

    def finish_on_host(res):
        """What the client does with a job's result before the engine sees
        it: staged, writes the outputs, stdout and stderr it brought back
        into the attempt directory; shared, checks that the client sees the
        outputs the worker wrote. A problem turns the result into the job's
        failure (never a success with outputs missing)."""
        with lock:
            host = host_jobs.pop(res["id"], None)
            for sha in (host or {}).get("shas", ()):
                blob_refs[sha] -= 1
                if not blob_refs[sha]:
                    del blob_refs[sha]
                    blobs.futures.pop(sha, None)  # released: no job left needs it
        if host is None:
            return
        problem = None
        staged_out = res.pop("staged", None)
        listing = res.pop("listing", None)
        if staged:
            if res.get("kind") in ("exited", "signaled", "timeout") or staged_out is not None:
                try:
                    problem = stager.unpack(staged_out or {}, host) if staged_out is not None else \
                        "the worker sent no outputs back"
                except OSError as e:
                    problem = "cannot write what the worker sent back: %s" % e
        elif listing:
            problem = _unseen_outputs(host["outputs_dir"], listing, res.get("worker", ""), args.stage, args.probe_dir)
        if problem:
            res.update(kind="spawn_failed", code=0, signal=0,
                       error="its outputs did not reach the client: " + problem)

    def settle(ids, futs, out):
        """Reports `out` to the engine and forgets `ids`. Their futures are
        released now, once their results are recorded: a finished job whose
        future is still held is computed again when the worker holding its
        result dies."""
        for res in out:
            finish_on_host(res)
            res["op"] = "done"
            # Tries other than the one that completed: Dask ran the job again
            # (a worker died mid-job). Each becomes a trace event of its own.
            earlier = [{"worker": w, "start": s} for w, s in tries.pop(res["id"], ())
                       if (w, s) != (res.get("worker"), res.get("start"))]
            if earlier:
                res["earlier"] = earlier
        if out:
            emit_many(out)
        with lock:
            for jid in ids:
                pending.pop(jid, None)
            idle = not pending
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
        done = False
        while not done:
            hard = slow.get()
            if hard is None:
                return
            # Every batch queued meanwhile in one gather: a gather from a
            # client that is not a worker is a round trip through the
            # scheduler, and under load batches queue up while one is out.
            while True:
                try:
                    more = slow.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    done = True
                    break
                hard = hard + more
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

    stall = [0.0]  # when the scheduler stopped answering (0: it answers), as the monitor last saw

    def monitor():
        """Warns (once per stall) when the scheduler has not answered for
        --stall-warning seconds while jobs are out (paused: SIGSTOP, a hung
        host), and keeps waiting; says so when it answers again. The engine
        shows both as they happen."""
        import concurrent.futures
        loop = client.loop.asyncio_loop
        stalled = 0.0
        while True:
            time.sleep(min(1.0, args.stall_warning / 4))
            if nothing_pending.is_set():
                continue
            started = time.time()
            probe = asyncio.run_coroutine_threadsafe(client.scheduler.identity(), loop)
            try:
                probe.result(timeout=args.stall_warning)
            except concurrent.futures.TimeoutError:
                with lock:
                    n = len(pending)
                emit({"op": "warning", "message": "the Dask scheduler at %s has not answered for %gs (%d executions "
                      "in flight); still waiting (Ctrl-C stops the run)" % (address, args.stall_warning, n)})
                stalled = stall[0] = started
                try:
                    probe.result()  # until it answers (or the connection breaks)
                except Exception:
                    pass
            except Exception:
                pass  # the connection broke: the futures say what it means
            if stalled:
                took = time.time() - stalled
                stall[0] = stalled = 0.0
                sys.stderr.write("flytec bridge: the scheduler answered again after %.1fs\n" % took)
                emit({"op": "note", "message": "the Dask scheduler at %s answered again after %.1fs" % (address, took)})

    threading.Thread(target=reader, daemon=True).start()
    threading.Thread(target=monitor, daemon=True).start()
    slow_thread = threading.Thread(target=slow_reporter, daemon=True)
    slow_thread.start()

    def submit(jobs, resources):
        # A function of its own: client.map sends the source of the first
        # caller outside Dask to the scheduler (for its dashboard), and
        # finding it tokenizes the whole calling function each time.
        return client.map(on_worker, jobs, key=["flytec-%s-%d" % (args.tag, j["id"]) for j in jobs], pure=False,
                          resources=resources)

    # Submissions arrive in rounds, each ended by `flush` (the engine writes
    # a round at once): one client.map per round and resource group, as
    # plain client.map over many jobs would be.
    import functools
    on_worker = functools.partial(_job_on_worker, _module=module)
    launcher = {args.worker_path: "@FLYTEC_DASK_WORKER@", args.python_path: "@FLYTEC_DASK_PYTHON@"}

    def prepare(job):
        """The job as it travels: the Dask-task launcher's host paths replaced
        by the worker's own; staged, with its files (None: it could not be
        packed, already reported)."""
        job["argv"] = [launcher.get(a, a) for a in job["argv"]]
        job["tries_topic"] = tries_topic
        host = {"stdout": job["stdout"], "stderr": job["stderr"],
                "outputs_dir": os.path.join(job.get("workdir") or "", "outputs"), "shas": []}
        if staged:
            try:
                job["stage"] = stager.pack(job, job["workdir"], job.get("named") or [], blobs, args.storage,
                                           args.storage_threshold)
            except OSError as e:
                emit({"op": "done", "id": job["id"], "kind": "spawn_failed",
                      "error": "cannot stage its files for Dask: %s" % e})
                return None
            host["stage"] = {"root": job["workdir"]}
            host["shas"] = [e[3]["blob"] for entries in [job["stage"]["tree"]] + [q[2] for q in job["stage"]["paths"]]
                            for e in entries if isinstance(e[3], dict)]
        else:
            if channel.dir:
                job["channel"] = channel.dir
            if job.get("workdir") and os.path.isdir(host["outputs_dir"]):
                job["outputs_dir"] = host["outputs_dir"]  # the worker lists what it wrote there
        with lock:
            host_jobs[job["id"]] = host
            for sha in host["shas"]:
                blob_refs[sha] = blob_refs.get(sha, 0) + 1
        return job

    running = True
    groups = {}
    while running:
        msg = inbox.get()
        op = None if msg is None else msg.get("op")
        if op == "submit":
            job = msg["job"]
            job["id"] = msg["id"]
            job = prepare(job)
            if job is None:
                continue
            key = tuple(sorted((msg.get("resources") or {}).items()))
            groups.setdefault(key, []).append(job)
            continue
        if op == "cancel":
            # The request goes out on the client's loop; the scheduler answers
            # once it has released the jobs (it then tells their workers,
            # whose plugin kills their processes). Waited for 2 s at most, and
            # not at all when the scheduler is known not to answer (paused: a
            # blocking client.cancel would hold Ctrl-C up for as long). Every
            # job still out is reported cancelled; those whose cancellation
            # the scheduler did not take as "unconfirmed": their processes
            # stop at the cancel marker (shared mode), or when the
            # cancellation reaches their workers (the scheduler answers
            # again) or the workers lose their scheduler.
            cancel_requested.append(True)
            with lock:
                out = list(pending.items())
            if out:
                ack = asyncio.run_coroutine_threadsafe(client._cancel([f for _, f in out]), client.loop.asyncio_loop)
                confirmed = False
                try:
                    ack.result(timeout=0 if stall[0] else 2.0)
                    confirmed = True
                except Exception:  # timed out, or the connection broke
                    pass
                why = {} if confirmed else {"unconfirmed": True, "error": (
                    "the Dask scheduler at %s did not take the cancellation (%s)" % (address, "it has not answered "
                    "for %.0fs" % (time.time() - stall[0]) if stall[0] else "no answer within 2s"))}
                settle([jid for jid, _ in out], [f for _, f in out],
                       [dict(why, id=jid, kind="cancelled") for jid, _ in out])
            continue
        if op not in ("flush", "shutdown", None):
            continue
        running = op == "flush"
        if staged and groups:
            blobs.scatter(client)  # each new blob once, for every job of the round
            for jobs in groups.values():
                for j in jobs:
                    with lock:
                        blobs.resolve(j["stage"])
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
    # only shuts down once nothing is in flight, or after cancelling). Not
    # when the scheduler is gone: nothing more will be reported, and the
    # engine has stopped the run already.
    if client.status == "running":
        nothing_pending.wait(10)
    slow.put(None)
    slow_thread.join(timeout=5)
    sys.stderr.write("flytec bridge: %d results from the channel, %d fetched through Dask, "
                     "%d failed or cancelled in Dask\n" % (counts["channel"], counts["fetched"], counts["failed"]))
    if staged:
        sys.stderr.write("flytec bridge: staged: %d blobs scattered (%d bytes), %d uses of a blob already sent\n"
                         % (blobs.sent, blobs.sent_bytes, blobs.reused))
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


def _unseen_outputs(directory, listing, worker, stage, probe_dir):
    """Shared mode: what the worker wrote in the outputs directory that the
    client does not see the same (a worker whose writes stay private), or
    None. The advice fits how the shared mode was chosen (`stage`: auto or
    never; either way every worker passed the probe of `probe_dir`)."""
    for rel, size in sorted(listing.items()):
        full = os.path.join(directory, rel)
        try:
            here = -1 if os.path.isdir(full) else os.lstat(full).st_size
        except OSError:
            here = None
        if here != size:
            how = "--dask-stage auto chose the shared mode" if stage == "auto" else \
                "--dask-stage never insisted on the shared mode"
            return ("worker %s wrote %s (%s) in %s, which the client %s: the workers do not share this "
                    "directory with the client, although every worker read and wrote %s (%s); stage the "
                    "files with --dask-stage always" % (
                        worker, rel, "a directory" if size < 0 else "%d bytes" % size, directory,
                        "does not see" if here is None else "sees differently", probe_dir, how))
    return None


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
    here = os.path.dirname(os.path.abspath(__file__))
    e.add_argument("--worker-module", default=os.path.join(here, "flytec_dask_worker.py"))
    e.add_argument("--stage-module", default=os.path.join(here, "flytec_dask_stage.py"))
    e.add_argument("--worker-path", default="", help="the worker module's path in Dask tasks' commands")
    e.add_argument("--python-path", default=sys.executable, help="the interpreter in Dask tasks' commands")
    e.add_argument("--stage", choices=("auto", "always", "never"), default="auto")
    e.add_argument("--probe-dir", default=".", help="the directory every worker must share for shared mode")
    e.add_argument("--storage", default="", help="fsspec URL for staged outputs above --storage-threshold")
    e.add_argument("--storage-threshold", type=int, default=8 << 20)
    e.add_argument("--stall-warning", type=float, default=30.0,
                   help="seconds without an answer from the scheduler before a warning")
    args = p.parse_args(argv)
    if cmd:
        p.error("executor: no command expected")
    return executor_main(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
