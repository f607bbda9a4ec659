"""flytec's bridge to Dask, the client side (docs/dask.md).

Embedded into the flytec binary at build time and written next to the run's
state (`.flytec/dask/`) with its siblings before use. It runs under a
Python that can import `distributed` (Debian's `/usr/bin/python3` here):

  executor (--scheduler ADDR | --local N): the Dask executor's other half.
      Connects, installs flytec's worker code on every worker through Dask
      (a worker plugin carrying the text of flytec_dask_worker.py,
      flytec_dask_spawn.py, flytec_dask_stage.py and flytec_dask_cluster.py:
      nothing travels by path), decides between
      shared and staged mode (--stage auto probes whether every worker reads
      and writes the state directory), and writes `hello` (workers, threads,
      declared resources, mode) or `error`. Then it reads JSON lines from
      stdin (`submit`... `flush`, `cancel`, `shutdown`), submits each round
      of jobs up to a `flush` in one client.map per resource group, and
      writes one `done` line per finished job (kind, exit code, worker,
      times, stderr tail) through flytec_dask_report.py's Reporter. Shared
      mode reads results from the results channel the jobs append to;
      staged mode fetches them with the job's outputs and writes those into
      the attempt directory (flytec_dask_stage.unpack).

The worker side is flytec_dask_worker.py (what a job runs, with
flytec_dask_spawn.py) and
flytec_dask_cluster.py (a Dask task's own cluster, also the bridge's
`--local` one). It knows nothing of Flyte: the C++ engine lays out
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


def _worker_module_name(sources):
    import hashlib
    text = "\0".join(sources[role] for role in sorted(sources))
    return "_flytec_dask_worker_" + hashlib.sha256(text.encode()).hexdigest()[:16]


try:
    from distributed.diagnostics.plugin import WorkerPlugin as _PluginBase
except ImportError:  # checked by flytec before the bridge starts
    _PluginBase = object


class FlytecWorkerPlugin(_PluginBase):
    """Installs flytec's worker code on a worker: the text of
    flytec_dask_worker.py (and of its spawning and staging halves and the
    cluster command) travels inside this
    object, which Dask sends to every worker now and to every worker that
    joins later. Defined in the bridge's __main__, so it is pickled by value:
    the worker needs nothing of flytec. Its transition and teardown hooks
    kill the process of a job Dask no longer wants (flytec_dask_worker)."""

    def __init__(self, module, sources):
        self.name = module  # one per version of the code: idempotent across runs
        self.module, self.sources = module, sources  # role (worker, spawn, stage, cluster) -> text

    def _mod(self):
        return sys.modules.get(self.module)

    def setup(self, worker):
        mod = self._mod()
        if mod is None:
            import types
            mod = types.ModuleType(self.module)
            mod.__file__ = self.module + ".py"
            exec(compile(self.sources["worker"], mod.__file__, "exec"), mod.__dict__)
            sys.modules[self.module] = mod
        mod.attach(worker, self.sources)

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


def _dies_with_flytec(tag):
    """Dies with flytec (the thread that started it lives as long as the run);
    a local cluster's processes follow this one (distributed's own parent
    pipe), and carry flytec's process tag for its guardian. False when
    flytec is gone already."""
    if tag.isdigit() and _prctl() is not None:
        _prctl()(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        if os.getppid() != int(tag):  # the tag is flytec's pid
            return False
    return True


def _worker_sources(args):
    """What workers get through the plugin: the worker code, its spawning
    and staging halves, and the Dask-task cluster command (run there as a
    script)."""
    return {role: open(path, encoding="utf-8").read() for role, path in (
        ("worker", args.worker_module), ("spawn", args.spawn_module), ("stage", args.stage_module),
        ("cluster", args.cluster_module))}


def _connect(args):
    """(client, local cluster or None, scheduler address), starting the
    local cluster first with --local; None after an `error` line."""
    from distributed import Client
    # Progress for flytec, which bounds each step on its own: Python and
    # distributed are loaded (slow on a busy machine), connecting starts.
    emit({"op": "connecting"})
    cluster = None
    address = args.scheduler
    try:
        if args.local:
            cluster_mod = _load_module(args.cluster_module, "flytec_dask_cluster")
            cluster = cluster_mod.start_local_cluster(args.local, args.threads)
            address = cluster.scheduler_address
        client = Client(address, timeout=args.connect_timeout)
        if args.local:
            client.wait_for_workers(args.local, timeout=args.connect_timeout)
    except Exception as e:  # unreachable, refused, timed out, bad address
        emit({"op": "error", "message": "cannot connect to the Dask scheduler at %s within %gs: %s"
              % (address, args.connect_timeout, str(e) or type(e).__name__)})
        if cluster is not None:
            cluster.close()
        return None
    emit({"op": "connected"})
    return client, cluster, address


def _install_and_choose_mode(client, args, module, sources, address):
    """Installs the worker code on the cluster and decides between shared
    and staged mode: (staged, {worker: what its probe saw}), or None after
    an `error` line."""
    try:
        # Code by Dask: every worker, and every worker that joins later, gets
        # the worker code from this plugin, not from a path.
        client.register_worker_plugin(FlytecWorkerPlugin(module, sources), name=module)
        staged, seen = args.stage == "always", {}
        if args.stage != "always":
            shared, seen = _probe_shared(client, args.probe_dir, module)
            staged = not shared
    except Exception as e:
        emit({"op": "error", "message": "cannot install flytec's worker code on the Dask cluster at %s: %s: %s"
              % (address, type(e).__name__, e)})
        return None
    if staged and args.stage == "never":
        blind = ["%s (%s)" % (w, what) for w, what in sorted(seen.items()) if what != "ok"]
        emit({"op": "error", "message": "--dask-stage never, but " + (
            "the Dask cluster at %s has no workers" % address if not seen else
            "not every Dask worker reads and writes %s (the shared mode needs it): %s" % (
                args.probe_dir, "; ".join(blind)))})
        client.close()
        return None
    return staged, seen


def _say_hello(workers, address, staged, seen, stage):
    """The `hello` line: the cluster's workers, threads, declared resources
    (the largest per worker) and mode; the mode also goes to the log."""
    resources = {}
    for w in workers.values():
        for k, v in (w.get("resources") or {}).items():
            resources[k] = max(resources.get(k, 0), v)
    emit({"op": "hello", "address": address, "workers": len(workers),
          "threads": sum(w.get("nthreads", 1) for w in workers.values()), "resources": resources,
          "staged": staged})
    sys.stderr.write("flytec bridge: %s mode (%s)\n" % ("staged" if staged else "shared", "; ".join(
        "%s: %s" % kv for kv in sorted(seen.items())) or "--dask-stage " + stage))


class _Session:
    """The bridge after `hello`: reads the engine's lines on a thread of
    their own, watches the scheduler for stalls on another, and serves the
    lines in rounds (submit... flush, cancel, shutdown) until shutdown or
    end-of-file. Reports go out through the Reporter
    (flytec_dask_report.py)."""

    def __init__(self, args, client, address, staged, module, stager, report_mod):
        import functools
        self.args, self.client, self.address, self.staged, self.stager = args, client, address, staged, stager
        self.blobs = stager.Blobs()
        self.reporter = report_mod.Reporter(client, emit_many, stager, self.blobs, staged, args.channel, args.stage,
                                            args.probe_dir)
        self.tries_topic = "flytec-tries-%s-%d" % (args.tag, os.getpid())
        client.subscribe_topic(self.tries_topic, self.reporter.on_try)
        self.inbox = queue.Queue()
        self.stalled_since = 0.0  # when the scheduler stopped answering (0: it answers), as the monitor last saw
        self.on_worker = functools.partial(_job_on_worker, _module=module)
        self.launcher = {args.cluster_path: "@FLYTEC_DASK_CLUSTER@", args.python_path: "@FLYTEC_DASK_PYTHON@"}

    def start_threads(self):
        threading.Thread(target=self.read_engine, daemon=True).start()
        threading.Thread(target=self.watch_scheduler, daemon=True).start()
        self.reporter.slow_thread.start()

    def read_engine(self):
        """The engine's lines, parsed, into the inbox; None at end-of-file."""
        for line in _PROTO["in"]:
            line = line.strip()
            if line:
                self.inbox.put(json.loads(line))
        self.inbox.put(None)

    def watch_scheduler(self):
        """Warns (once per stall) when the scheduler has not answered for
        --stall-warning seconds while jobs are out (paused: SIGSTOP, a hung
        host), and keeps waiting; says so when it answers again. The engine
        shows both as they happen."""
        import asyncio
        import concurrent.futures
        client, reporter, limit = self.client, self.reporter, self.args.stall_warning
        loop = client.loop.asyncio_loop
        stalled = 0.0
        while True:
            time.sleep(min(1.0, limit / 4))
            if reporter.nothing_pending.is_set():
                continue
            started = time.time()
            probe = asyncio.run_coroutine_threadsafe(client.scheduler.identity(), loop)
            try:
                probe.result(timeout=limit)
            except concurrent.futures.TimeoutError:
                with reporter.lock:
                    n = len(reporter.pending)
                emit({"op": "stalled", "address": self.address, "waited": limit, "in_flight": n})
                stalled = self.stalled_since = started
                try:
                    probe.result()  # until it answers (or the connection breaks)
                except Exception:
                    pass
            except Exception:
                pass  # the connection broke: the futures say what it means
            if stalled:
                took = time.time() - stalled
                self.stalled_since = stalled = 0.0
                sys.stderr.write("flytec bridge: the scheduler answered again after %.1fs\n" % took)
                emit({"op": "note", "message": "the Dask scheduler at %s answered again after %.1fs"
                      % (self.address, took)})

    def submit(self, jobs, resources):
        # A function of its own: client.map sends the source of the first
        # caller outside Dask to the scheduler (for its dashboard), and
        # finding it tokenizes the whole calling function each time.
        return self.client.map(self.on_worker, jobs, key=["flytec-%s-%d" % (self.args.tag, j["id"]) for j in jobs],
                               pure=False, resources=resources)

    def prepare(self, job):
        """The job as it travels: the Dask-task launcher's host paths replaced
        by the worker's own; staged, with its files (None: it could not be
        packed, already reported)."""
        args, reporter = self.args, self.reporter
        job["argv"] = [self.launcher.get(a, a) for a in job["argv"]]
        job["tries_topic"] = self.tries_topic
        host = {"stdout": job["stdout"], "stderr": job["stderr"],
                "outputs_dir": os.path.join(job.get("workdir") or "", "outputs"), "shas": []}
        if self.staged:
            try:
                job["stage"] = self.stager.pack(job, job["workdir"], job.get("named") or [], self.blobs, args.storage,
                                                args.storage_threshold)
            except OSError as e:
                emit({"op": "done", "id": job["id"], "kind": "spawn_failed",
                      "error": "cannot stage its files for Dask: %s" % e})
                return None
            host["stage"] = {"root": job["workdir"]}
            host["shas"] = [e[3]["blob"] for entries in [job["stage"]["tree"]] + [q[2] for q in job["stage"]["paths"]]
                            for e in entries if isinstance(e[3], dict)]
        else:
            if reporter.channel.dir:
                job["channel"] = reporter.channel.dir
            if job.get("workdir") and os.path.isdir(host["outputs_dir"]):
                job["outputs_dir"] = host["outputs_dir"]  # the worker lists what it wrote there
        reporter.expect(job["id"], host)
        return job

    def cancel(self):
        """The request goes out on the client's loop; the scheduler answers
        once it has released the jobs (it then tells their workers, whose
        plugin kills their processes). Waited for 2 s at most, and not at
        all when the scheduler is known not to answer (paused: a blocking
        client.cancel would hold Ctrl-C up for as long). Every job still
        out is reported cancelled; those whose cancellation the scheduler
        did not take as "unconfirmed": their processes stop at the cancel
        marker (shared mode), or when the cancellation reaches their
        workers (the scheduler answers again) or the workers lose their
        scheduler."""
        import asyncio
        client, reporter = self.client, self.reporter
        reporter.cancel_requested.append(True)
        with reporter.lock:
            out = list(reporter.pending.items())
        if not out:
            return
        ack = asyncio.run_coroutine_threadsafe(client._cancel([f for _, f in out]), client.loop.asyncio_loop)
        stalled = self.stalled_since
        confirmed = False
        try:
            ack.result(timeout=0 if stalled else 2.0)
            confirmed = True
        except Exception:  # timed out, or the connection broke
            pass
        why = {} if confirmed else {"unconfirmed": True, "error": (
            "the Dask scheduler at %s did not take the cancellation (%s)" % (self.address, "it has not answered "
            "for %.0fs" % (time.time() - stalled) if stalled else "no answer within 2s"))}
        reporter.settle([jid for jid, _ in out], [f for _, f in out],
                        [dict(why, id=jid, kind="cancelled") for jid, _ in out])

    def send_round(self, groups):
        """One round's jobs: the staged ones' new blobs scattered once, then
        one client.map per resource group, as plain client.map over many
        jobs would be."""
        if self.staged and groups:
            self.blobs.scatter(self.client)  # each new blob once, for every job of the round
            for jobs in groups.values():
                for j in jobs:
                    with self.reporter.lock:
                        self.blobs.resolve(j["stage"])
        for key, jobs in groups.items():
            futs = self.submit(jobs, dict(key) or None)
            self.reporter.submitted(jobs, futs)
            del futs

    def serve(self):
        """Submissions arrive in rounds, each ended by `flush` (the engine
        writes a round at once); until `shutdown` or end-of-file."""
        running = True
        groups = {}
        while running:
            msg = self.inbox.get()
            op = None if msg is None else msg.get("op")
            if op == "submit":
                job = msg["job"]
                job["id"] = msg["id"]
                job = self.prepare(job)
                if job is not None:
                    key = tuple(sorted((msg.get("resources") or {}).items()))
                    groups.setdefault(key, []).append(job)
            elif op == "cancel":
                self.cancel()
            elif op in ("flush", "shutdown", None):
                running = op == "flush"
                self.send_round(groups)
                groups = {}

    def finish(self):
        """Jobs still out are reported before the bridge goes (bounded: the
        engine only shuts down once nothing is in flight, or after
        cancelling). Not when the scheduler is gone: nothing more will be
        reported, and the engine has stopped the run already. Then the
        counts go to the log and the client closes."""
        reporter, blobs = self.reporter, self.blobs
        if self.client.status == "running":
            reporter.nothing_pending.wait(10)
        reporter.stop()
        counts = reporter.counts
        sys.stderr.write("flytec bridge: %d results from the channel, %d fetched through Dask, "
                         "%d failed or cancelled in Dask\n" % (counts["channel"], counts["fetched"], counts["failed"]))
        if self.staged:
            sys.stderr.write("flytec bridge: staged: %d blobs scattered (%d bytes), %d uses of a blob already sent\n"
                             % (blobs.sent, blobs.sent_bytes, blobs.reused))
        self.client.close()


def _exit_now():
    """Nothing is left to do: exit without the interpreter's teardown of
    Dask's modules and objects, 50-80 ms that the engine waited for at the
    end of every run."""
    for f in (sys.stderr, _PROTO["out"]):
        try:
            f.flush()
        except (OSError, ValueError):
            pass
    os._exit(0)


def executor_main(args):
    _private_protocol_fds()
    if not _dies_with_flytec(args.tag):
        return 1
    sources = _worker_sources(args)
    stager = _load_module(args.stage_module, "flytec_dask_stage")
    report_mod = _load_module(args.report_module, "flytec_dask_report")
    module = _worker_module_name(sources)
    connected = _connect(args)
    if connected is None:
        return 2
    client, cluster, address = connected
    workers = client.scheduler_info().get("workers", {})
    mode = _install_and_choose_mode(client, args, module, sources, address)
    if mode is None:
        return 2
    staged, seen = mode
    if staged:
        args.channel = ""  # the workers cannot append to it
    _say_hello(workers, address, staged, seen, args.stage)
    session = _Session(args, client, address, staged, module, stager, report_mod)
    session.start_threads()
    session.serve()
    session.finish()
    if cluster is not None:
        cluster.close()
    _exit_now()


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
    e.add_argument("--spawn-module", default=os.path.join(here, "flytec_dask_spawn.py"))
    e.add_argument("--cluster-module", default=os.path.join(here, "flytec_dask_cluster.py"))
    e.add_argument("--report-module", default=os.path.join(here, "flytec_dask_report.py"))
    e.add_argument("--cluster-path", default="", help="the cluster command's path in Dask tasks' commands")
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
