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
      declared resources, mode) or `error`. Then flytec_dask_session.py
      reads JSON lines from stdin (`submit`... `flush`, `cancel`,
      `shutdown`), submits each round of jobs up to a `flush` in one
      client.map per resource group, and writes one `done` line per
      finished job (kind, exit code, worker, times, stderr tail) through
      flytec_dask_report.py's Reporter. Shared
      mode reads results from the results channel the jobs append to;
      staged mode fetches them with the job's outputs and writes those into
      the attempt directory (flytec_dask_stage.unpack).

The worker side is flytec_dask_worker.py (what a job runs, with
flytec_dask_spawn.py) and
flytec_dask_cluster.py (a Dask task's own cluster, also the bridge's
`--local` one). It knows nothing of Flyte: the C++ engine lays out
inputs, substitutes argv, reads outputs and decides retries.
"""
import functools
import json
import os
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


def _job_on_worker(packed, blobs=(), _module=""):
    """What the bridge submits (small: a function of __main__ travels by value
    with every job): calls run_packed of the worker code its plugin
    installed with the job's pickled bytes and the blobs Dask fetched."""
    import sys
    mod = sys.modules.get(_module)
    if mod is None:
        raise RuntimeError("flytec's worker code is not installed on this worker (its plugin did not run)")
    return mod.run_packed(packed, blobs)


def _probe_shared(client, directory, module):
    """Whether every worker reads and writes `directory` as the client sees
    it: the client writes a nonce file there, each worker reads it and writes
    an answer beside it, and the client looks for every answer. Returns
    (shared, {worker: what it saw}), what it saw being ["ok"] or a reason of
    flytec's catalogue with its values. The probe's files are removed."""
    import uuid
    nonce = uuid.uuid4().hex
    path = os.path.join(directory, "probe-%d-%s" % (os.getpid(), nonce[:8]))
    with open(path, "w") as f:
        f.write(nonce)
    seen = {}
    try:
        answers = client.run(lambda p, n, m=module: sys.modules[m].probe(p, n), path, nonce)
        for worker, what in answers.items():
            # A list from this version's worker code; anything else is
            # another version's answer, said as such rather than crashing.
            what = list(what) if isinstance(what, (list, tuple)) and what else ["probe_answer_unknown", repr(what)]
            if what[0] == "ok":
                answer = what[1]
                seen[worker] = ["ok"] if os.path.exists(answer) else ["probe_answer_not_seen", answer]
                try:
                    os.remove(answer)
                except OSError:
                    pass
            else:
                seen[worker] = what
    finally:
        os.remove(path)
    return bool(seen) and all(v == ["ok"] for v in seen.values()), seen


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
        # Data only: flytec's catalogue words each `reason` (E1011).
        emit({"op": "error", "reason": "unreachable", "address": str(address),
              "timeout": "%g" % args.connect_timeout, "error": str(e) or type(e).__name__})
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
        emit({"op": "error", "reason": "install_failed", "address": str(address), "type": type(e).__name__,
              "error": str(e)})
        return None
    if staged and args.stage == "never":
        blind = [[w] + what for w, what in sorted(seen.items()) if what != ["ok"]]
        if not seen:
            emit({"op": "error", "reason": "no_workers", "address": str(address)})
        else:
            emit({"op": "error", "reason": "not_shared", "directory": args.probe_dir, "workers": blind})
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
        "%s: %s" % (w, " ".join(what)) for w, what in sorted(seen.items())) or "--dask-stage " + stage))


def _exit_now():
    """Nothing is left to do: exit without the interpreter's teardown of
    Dask's modules and objects, which the engine would wait for at the end
    of every run."""
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
    session_mod = _load_module(args.session_module, "flytec_dask_session")
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
    on_worker = functools.partial(_job_on_worker, _module=module)
    session = session_mod.Session(args, client, address, staged, on_worker, stager, report_mod,
                                  _PROTO["in"], emit_many)
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
    e.add_argument("--session-module", default=os.path.join(here, "flytec_dask_session.py"))
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
