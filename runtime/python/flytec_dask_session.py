"""The Dask bridge's session (flytec_dask_bridge.py, docs/dask.md): what
the bridge does after its `hello` line, until the engine shuts it down.

It reads the engine's JSON lines (`submit`... `flush`, `cancel`,
`shutdown`) on a thread of its own, prepares each job for the cluster
(staged: packed with its files by flytec_dask_stage.py), submits each round
in one client.map per resource group, cancels on request, and watches the
scheduler for stalls; results go back to the engine through
flytec_dask_report.py's Reporter. The function the jobs run on workers is
passed in (`on_worker`): it must stay in the bridge's __main__, which Dask
pickles by value, so that workers need nothing of flytec.
"""
import json
import os
import pickle
import queue
import sys
import threading
import time


class Session:
    """The bridge after `hello`: reads the engine's lines on a thread of
    their own, watches the scheduler for stalls on another, and serves the
    lines in rounds (submit... flush, cancel, shutdown) until shutdown or
    end-of-file. Reports go out through the Reporter
    (flytec_dask_report.py)."""

    def __init__(self, args, client, address, staged, on_worker, stager, report_mod, engine_in, emit_many):
        self.args, self.client, self.address, self.staged, self.stager = args, client, address, staged, stager
        self.engine_in, self.emit_many = engine_in, emit_many
        self.blobs = stager.Blobs()
        self.reporter = report_mod.Reporter(client, emit_many, stager, self.blobs, staged, args.channel, args.stage,
                                            args.probe_dir)
        self.tries_topic = "flytec-tries-%s-%d" % (args.tag, os.getpid())
        client.subscribe_topic(self.tries_topic, self.reporter.on_try)
        self.inbox = queue.Queue()
        self.stalled_since = 0.0  # when the scheduler stopped answering (0: it answers), as the monitor last saw
        self.on_worker = on_worker
        self.launcher = {args.cluster_path: "@FLYTEC_DASK_CLUSTER@", args.python_path: "@FLYTEC_DASK_PYTHON@"}

    def emit(self, obj):
        self.emit_many([obj])

    def start_threads(self):
        threading.Thread(target=self.read_engine, daemon=True).start()
        threading.Thread(target=self.watch_scheduler, daemon=True).start()
        self.reporter.slow_thread.start()

    def read_engine(self):
        """The engine's lines, parsed, into the inbox; None at end-of-file."""
        for line in self.engine_in:
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
                self.emit({"op": "stalled", "address": self.address, "waited": limit, "in_flight": n})
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
                self.emit({"op": "note", "why": [["scheduler_answered_again", str(self.address), "%.1f" % took]]})

    def submit(self, jobs, blobs, resources):
        # A function of its own: client.map sends the source of the first
        # caller outside Dask to the scheduler (for its dashboard), and
        # finding it tokenizes the whole calling function each time.
        # Each job goes as its pickled bytes (Dask would walk a dict's
        # whole tree looking for futures), with its blobs' futures beside.
        packed = [pickle.dumps(j, protocol=4) for j in jobs]
        return self.client.map(self.on_worker, packed, blobs,
                               key=["flytec-%s-%d" % (self.args.tag, j["id"]) for j in jobs],
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
                self.emit({"op": "done", "id": job["id"], "kind": "spawn_failed",
                           "why": [["dask_stage_files_failed", str(e)]]})
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
        unanswered = ["cancel_not_taken_stalled", str(self.address), "%.0f" % (time.time() - stalled)] if stalled \
            else ["cancel_not_taken", str(self.address)]
        why = {} if confirmed else {"unconfirmed": True, "why": [unanswered]}
        reporter.settle([jid for jid, _ in out], [f for _, f in out],
                        [dict(why, id=jid, kind="cancelled") for jid, _ in out])

    def send_round(self, groups):
        """One round's jobs: the staged ones' new blobs scattered once, then
        one client.map per resource group, as plain client.map over many
        jobs would be."""
        if self.staged and groups:
            self.blobs.scatter(self.client)  # each new blob once, for every job of the round
        for key, jobs in groups.items():
            blobs = [()] * len(jobs)
            if self.staged:
                with self.reporter.lock:
                    blobs = [self.blobs.resolve(j["stage"]) for j in jobs]
            futs = self.submit(jobs, blobs, dict(key) or None)
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
