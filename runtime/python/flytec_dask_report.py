"""flytec's bridge to Dask: reporting finished jobs (docs/dask.md).

The client side's half that turns Dask futures into the engine's `done`
lines. Loaded by flytec_dask_bridge.py (executor_main) from its sibling
file; it never runs on a worker. A Reporter keeps the jobs in flight
(`pending`), waits for each future on the client's loop (track), reads a
finished job's result from the results channel (shared mode) or fetches it
through Dask (the slow reporter's thread: staged mode, errors, results
missing from the channel), finishes it on the client (staged: writes the
outputs it brought back; shared: checks that the client sees them) and
reports it (settle).
"""
import asyncio
import json
import os
import queue
import threading


class Reporter:
    """What the bridge knows of the jobs it submitted, and their reporting.

    `emit_many(lines)` writes protocol lines to the engine; `stager` is
    flytec_dask_stage (its `unpack` and the run's `Blobs`); `staged` the
    mode; `stage`/`probe_dir` how it was chosen (for the shared mode's
    advice). The bridge's main loop registers each job (expect), then its
    future (submitted); everything else runs on the client's loop or the
    slow reporter's thread."""

    def __init__(self, client, emit_many, stager, blobs, staged, channel_dir, stage, probe_dir):
        self.client, self.emit_many, self.stager, self.blobs = client, emit_many, stager, blobs
        self.staged, self.stage, self.probe_dir = staged, stage, probe_dir
        self.lock = threading.Lock()
        self.pending = {}  # id -> future, until reported
        self.nothing_pending = threading.Event()
        self.nothing_pending.set()
        self.tries = {}  # id -> [(worker, start)] every try announced (flytec_dask_worker.run_job)
        self.blob_refs = {}  # sha -> jobs pending that use it
        self.host_jobs = {}  # id -> what the client needs to finish the job (staged: its paths; shared: outputs dir)
        self.channel = ResultsChannel(channel_dir)
        self.finished = []  # on the loop: futures whose state was set, to report
        self.report_scheduled = False
        self.slow = queue.Queue()  # [(id, future)] to report through the scheduler
        self.counts = {"channel": 0, "fetched": 0, "failed": 0}
        self.cancel_requested = []  # non-empty once the engine sent `cancel`
        self.slow_thread = threading.Thread(target=self.slow_reporter, daemon=True)

    # ------------------------------------------------------------ the main loop's side

    def on_try(self, event):  # on the client's loop
        try:
            msg = event[1]
            self.tries.setdefault(msg["id"], []).append((msg["worker"], msg["start"]))
        except (TypeError, KeyError, IndexError):
            pass

    def expect(self, jid, host):
        """Registers job `jid` before it is submitted: `host` is what the
        client needs to finish it (finish_on_host)."""
        with self.lock:
            self.host_jobs[jid] = host
            for sha in host["shas"]:
                self.blob_refs[sha] = self.blob_refs.get(sha, 0) + 1

    def submitted(self, jobs, futs):
        """The futures of `jobs`, just submitted: tracked until reported."""
        with self.lock:
            self.nothing_pending.clear()
            for j, f in zip(jobs, futs):
                self.pending[j["id"]] = f
        self.client.loop.add_callback(self.track, futs)

    def stop(self):
        """Lets the slow reporter finish what it has and waits for it (bounded)."""
        self.slow.put(None)
        self.slow_thread.join(timeout=5)

    # ------------------------------------------------------------ finishing and reporting

    def failure(self, fut):
        try:
            if fut.cancelled():
                if not self.cancel_requested:
                    # Not flytec's cancel: distributed cancels every future
                    # when the client loses its scheduler (Client._reconnect).
                    # Data only: flytec's catalogue words it (E1022).
                    return {"kind": "lost", "client_status": str(self.client.status)}
                return {"kind": "cancelled"}
            e = fut.exception()
        except BaseException as x:  # CancelledError and the like
            e = x
        if e is None:
            return {"kind": "spawn_failed", "why": [["dask_result_lost"]]}
        return {"kind": "spawn_failed", "why": [["dask_could_not_run", type(e).__name__, str(e)]]}

    def finish_on_host(self, res):
        """What the client does with a job's result before the engine sees
        it: staged, writes the outputs, stdout and stderr it brought back
        into the attempt directory; shared, checks that the client sees the
        outputs the worker wrote. A problem turns the result into the job's
        failure (never a success with outputs missing)."""
        with self.lock:
            host = self.host_jobs.pop(res["id"], None)
            for sha in (host or {}).get("shas", ()):
                self.blob_refs[sha] -= 1
                if not self.blob_refs[sha]:
                    del self.blob_refs[sha]
                    self.blobs.futures.pop(sha, None)  # released: no job left needs it
        if host is None:
            return
        problem = None
        staged_out = res.pop("staged", None)
        listing = res.pop("listing", None)
        if self.staged:
            if res.get("kind") in ("exited", "signaled", "timeout") or staged_out is not None:
                try:
                    problem = self.stager.unpack(staged_out or {}, host) if staged_out is not None else \
                        [["staged_nothing_back"]]
                except OSError as e:
                    problem = [["staged_unwritable", str(e)]]
        elif listing:
            problem = unseen_outputs(host["outputs_dir"], listing, res.get("worker", ""), self.stage, self.probe_dir)
        if problem:
            res.update(kind="spawn_failed", code=0, signal=0, why=[["outputs_did_not_reach_client"]] + problem)

    def settle(self, ids, futs, out):
        """Reports `out` to the engine and forgets `ids`. Their futures are
        released now, once their results are recorded: a finished job whose
        future is still held is computed again when the worker holding its
        result dies."""
        for res in out:
            self.finish_on_host(res)
            res["op"] = "done"
            # Tries other than the one that completed: Dask ran the job again
            # (a worker died mid-job). Each becomes a trace event of its own.
            earlier = [{"worker": w, "start": s} for w, s in self.tries.pop(res["id"], ())
                       if (w, s) != (res.get("worker"), res.get("start"))]
            if earlier:
                res["earlier"] = earlier
        if out:
            self.emit_many(out)
        with self.lock:
            for jid in ids:
                self.pending.pop(jid, None)
            if not self.pending:
                self.nothing_pending.set()
        del futs  # the last references: each is released (one message to the scheduler)

    def report(self):
        # On the client's loop, once per loop iteration that saw completions:
        # finished jobs' results come from the channel; errors, cancellations
        # and results missing there go to the slow reporter.
        self.report_scheduled = False
        batch = self.finished[:]
        del self.finished[:]
        out, ids, futs, hard = [], [], [], []
        for f in batch:
            jid = int(f.key.rsplit("-", 1)[1])
            status = f.status
            if status in ("pending", "lost"):  # rescheduled since it was set: wait again
                self.track([f])
                continue
            res = self.channel.result(jid) if status == "finished" else None
            if res is None:
                hard.append((jid, f))
                continue
            res["id"] = jid
            out.append(res)
            ids.append(jid)
            futs.append(f)
        self.counts["channel"] += len(out)
        self.settle(ids, futs, out)
        if hard:
            self.slow.put(hard)

    def on_done(self, f):  # on the client's loop
        self.finished.append(f)
        if not self.report_scheduled:
            self.report_scheduled = True
            asyncio.get_running_loop().call_soon(self.report)

    def track(self, futs):
        # On the client's loop: one task per future waiting on its state, its
        # done callback queues the future for report. (as_completed does this
        # with a coroutine per future that takes two locks and wakes a thread
        # per completion: several times the CPU per job; bench/README.md.)
        # Without FutureState.wait (another version of distributed),
        # add_done_callback.
        for f in futs:
            wait = getattr(getattr(f, "_state", None), "wait", None)
            if wait is None:
                f.add_done_callback(lambda f: self.client.loop.add_callback(self.on_done, f))
                continue
            asyncio.ensure_future(wait()).add_done_callback(lambda _t, f=f: self.on_done(f))

    def slow_reporter(self):
        while True:
            hard = self.slow.get()
            if hard is None:
                return
            # Every batch queued meanwhile in one gather: a gather from a
            # client that is not a worker is a round trip through the
            # scheduler, and under load batches queue up while one is out.
            done = False
            while True:
                try:
                    more = self.slow.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    done = True
                    break
                hard = hard + more
            self._fetch_and_settle(hard)
            if done:
                return

    def _fetch_and_settle(self, hard):
        fetch = [(jid, f) for jid, f in hard if f.status == "finished"]
        results = {}
        if fetch:
            try:
                results = dict(zip([jid for jid, _ in fetch], self.client.gather([f for _, f in fetch])))
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
                self.counts["fetched"] += 1
            else:
                res = self.failure(f)
                self.counts["failed"] += 1
            res["id"] = jid
            out.append(res)
        self.settle([jid for jid, _ in hard], [f for _, f in hard], out)


def unseen_outputs(directory, listing, worker, stage, probe_dir):
    """Shared mode: what the worker wrote in the outputs directory that the
    client does not see the same (a worker whose writes stay private), or
    None, as reasons of flytec's catalogue. The advice fits how the shared
    mode was chosen (`stage`: auto or never; either way every worker passed
    the probe of `probe_dir`)."""
    for rel, size in sorted(listing.items()):
        full = os.path.join(directory, rel)
        try:
            here = -1 if os.path.isdir(full) else os.lstat(full).st_size
        except OSError:
            here = None
        if here != size:
            how = ["shared_mode_chosen_by_auto"] if stage == "auto" else ["shared_mode_insisted_on"]
            if size < 0:
                what = ["shared_dir_output_unseen"] if here is None else ["shared_dir_output_differs"]
                return [what + [worker, rel, directory, probe_dir], how]
            what = ["shared_output_unseen"] if here is None else ["shared_output_differs"]
            return [what + [worker, rel, str(size), directory, probe_dir], how]
    return None


class ResultsChannel:
    """The bridge's side of the results channel (flytec_dask_worker._Channel):
    reads the lines the jobs appended, by job id. Only the client loop uses it."""

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
