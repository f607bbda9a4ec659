"""Starting a job's command on a Dask worker, and stopping it (docs/dask.md).

Part of flytec's worker code (flytec_dask_worker.py installs it as a module
beside itself, from the text the bridge's worker plugin brings):

  start(argv, ...): the command as a process in a session of its own that
      dies with its worker (the Reaper), forget(pid) once it was reaped.
  Watchdog: the one thread per worker process that kills a job's process
      group at its timeout, at the run's cancel marker, or when Dask no
      longer wants its task.
"""
import os
import signal
import subprocess
import sys
import threading
import time


def per_process(name, make, on_first=None):
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


class Watchdog:
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
        return per_process("_flytec_dask_watchdog", Watchdog, lambda w: threading.Thread(
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
                    killpg(pid, signal.SIGTERM)
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
                        killpg(pid, signal.SIGTERM)
                    elif kill_at is not None and now >= kill_at:
                        killpg(pid, signal.SIGKILL)
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


def killpg(pid, sig):
    try:
        os.killpg(pid, sig)
    except OSError:
        pass


# The reaper's program (run with `python -S -c`): reads `+PID` and `-PID`
# lines, the jobs one worker process started and reaped, from stdin; at its
# end (the worker process is gone, however it died: only it holds the
# pipe's other end) kills the process group of every job still listed.
_REAPER_PROGRAM = r"""
import os, signal
live, rest = set(), b""
while True:
    data = os.read(0, 65536)
    if not data:
        break
    lines = (rest + data).split(b"\n")
    rest = lines.pop()
    for line in lines:
        (live.add if line[:1] == b"+" else live.discard)(int(line[1:]))
for pid in live:
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass
"""


class Reaper:
    """Jobs die with their worker process: one small process per worker
    process (the reaper, in a session of its own) holds the read end of a
    pipe whose write end only the worker holds, and kills every job still
    running when that end closes. A job registers right after its spawn,
    before anything waits for it. What it replaces, a parent-death signal
    set in each child, cost a full fork of the worker (any preexec_fn) or
    an exec of setpriv per job (bench/README.md has the figures)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.fd = -1  # the pipe's write end (close-on-exec: no job inherits it)
        self.proc = None
        self.live = set()

    @staticmethod
    def get():
        return per_process("_flytec_dask_reaper", Reaper)

    def _start(self):
        """A new reaper, told of every job alive; False if none can be had."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        try:
            r, w = os.pipe()
        except OSError:
            return False
        try:
            self.proc = subprocess.Popen([sys.executable, "-S", "-c", _REAPER_PROGRAM], stdin=r,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                         start_new_session=True)
        except OSError:
            os.close(w)
            return False
        finally:
            os.close(r)
        self.fd = w
        return self._send("".join("+%d\n" % pid for pid in self.live))

    def _send(self, text):
        try:
            if text:
                os.write(self.fd, text.encode())
            return True
        except OSError:  # the reaper is gone (EPIPE)
            return False

    def ready(self):
        """Whether a reaper runs (started on first use)."""
        with self.lock:
            return self.fd >= 0 or self._start()

    def watch(self, pid):
        """Registers job `pid` (a process group leader); False when no
        reaper can be had, not even a new one."""
        with self.lock:
            self.live.add(pid)
            if self._send("+%d\n" % pid) or self._start():
                return True
            self.live.discard(pid)
            return False

    def forget(self, pid):
        """Job `pid` was reaped (and its group killed)."""
        with self.lock:
            self.live.discard(pid)
            if self.fd >= 0:
                self._send("-%d\n" % pid)


def start(argv, env, cwd, out, err):
    """Starts `argv` (stdin /dev/null, stdout and stderr to the files `out`
    and `err`) in a session of its own that dies with this worker process
    (the Reaper; where none can be started, a parent-death signal). Raises
    OSError when it cannot be started. The caller calls forget(pid) once it
    reaped the process and killed its group."""
    # Without a preexec_fn Python spawns with vfork; any preexec_fn makes it
    # a full fork of the worker (tens of milliseconds, the GIL held
    # throughout).
    reaper = Reaper.get()
    if reaper.ready():
        proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                start_new_session=True)
        if reaper.watch(proc.pid):
            return proc
        killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise OSError(0, "no process could be started to stop it should its worker die")
    # setpriv sets the same parent-death signal before it execs the command.
    setpriv = _setpriv()
    if setpriv:
        return subprocess.Popen([setpriv, "--pdeathsig", "KILL", "--"] + argv, env=env, cwd=cwd,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True)
    return subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                            start_new_session=True, preexec_fn=_parent_death_signal())


def forget(pid):
    """See start()."""
    Reaper.get().forget(pid)
