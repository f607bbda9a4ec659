#!/usr/bin/env python3
"""A Dask cluster of separate "hosts" on this machine, for tests of staged
mode: the scheduler on a veth address of the test's own, and each worker in
a mount namespace of its own with private, empty tmpfs over /tmp, over the
checkout and over the test's directory (so it sees none of the client's
files); with --netns, the last worker also in a network namespace of its own
joined by a veth pair. With --overlay PATH (repeatable), the workers
instead see PATH through an overlay of their own whose writes stay private
(they read the client's files there, as the client writes them; the client
never sees what they write), and DIR itself is not hidden (only
--hide PATHs are). Needs root (CI runs as root) and `ip`, `unshare`,
`mount`; everything it made (processes, namespace, links, mounts) is torn
down on exit, also when CMD fails or a signal arrives.

usage: hosts.py DIR N [--netns] [--overlay PATH]... [--hide PATH]... [--kill-worker-after GLOB:K]
                [--kill-scheduler-after GLOB:K] [--pause-scheduler-after GLOB:K:SECS [--resume-on TEXT]]
                -- CMD...
CMD runs with DASK_ADDR set to the scheduler's address (also @ADDR@ in CMD);
the script prints `jobs left: N` (task processes still alive under the
workers 2 s after CMD ended) and exits with CMD's status.
--pause-scheduler-after stops the scheduler (SIGSTOP) once GLOB matches K
files and resumes it (SIGCONT) SECS seconds later; with --resume-on TEXT,
CMD's stderr is relayed through this script and the scheduler stays paused
until a line of it contains TEXT (at most 40 s), then SECS seconds more:
`resumed scheduler: TEXT seen while paused` (or `... not seen in 40s`)
says which, so a test can tell a warning printed during the pause from
one printed when the run ended."""
import glob
import os
import signal
import subprocess
import sys
import threading
import time

PY = "/usr/bin/python3"


def under(path, top):
    """Whether PATH is TOP or lies below it."""
    return (path + "/").startswith(top.rstrip("/") + "/")


def sh(*cmd, check=True):
    return subprocess.run(cmd, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode


def descendants(roots):
    children = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            ppid = int(open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(pid))
        except (OSError, ValueError, IndexError):
            pass
    out, todo = [], list(roots)
    while todo:
        p = todo.pop()
        for c in children.get(p, []):
            out.append(c)
            todo.append(c)
    return out


def mount_namespaces(roots):
    out = set()
    for pid in descendants(roots):
        try:
            out.add(os.readlink("/proc/%d/ns/mnt" % pid))
        except OSError:
            pass
    return out


def task_processes(namespaces):
    """flytec task processes (they carry flytec's process tag in their
    environment) living in one of the workers' mount `namespaces`, wherever
    they were reparented to."""
    found = []
    for pid in map(int, filter(str.isdigit, os.listdir("/proc"))):
        try:
            if os.readlink("/proc/%d/ns/mnt" % pid) not in namespaces:
                continue
            if b"FLYTEC_PROCESS_TAG=" in open("/proc/%d/environ" % pid, "rb").read():
                state = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[0]
                if state not in ("Z", "X"):
                    found.append(pid)
        except OSError:
            pass
    return found


class Hosts:
    def __init__(self, workdir, n, netns, overlay, hide):
        self.workdir, self.n, self.netns = os.path.realpath(workdir), n, netns
        self.overlay = [os.path.realpath(o) for o in overlay]
        self.hide = [os.path.realpath(h) for h in hide]
        tag = os.getpid() % 4000 + 100
        self.ns = "flytec-t%d" % os.getpid()
        self.veth = ("fta%d" % os.getpid())[:15], ("ftb%d" % os.getpid())[:15]
        self.host_ip = "10.%d.%d.1" % (tag // 250 + 200, tag % 250)
        self.ns_ip = "10.%d.%d.2" % (tag // 250 + 200, tag % 250)
        self.procs = []
        self.log = open(os.path.join(workdir, "hosts.log"), "w")
        self.made_ns = self.made_link = False

    def net(self):
        sh("ip", "link", "add", self.veth[0], "type", "veth", "peer", "name", self.veth[1])
        self.made_link = True
        sh("ip", "addr", "add", self.host_ip + "/30", "dev", self.veth[0])
        sh("ip", "link", "set", self.veth[0], "up")
        if self.netns:
            sh("ip", "netns", "add", self.ns)
            self.made_ns = True
            sh("ip", "link", "set", self.veth[1], "netns", self.ns)
            sh("ip", "-n", self.ns, "addr", "add", self.ns_ip + "/30", "dev", self.veth[1])
            sh("ip", "-n", self.ns, "link", "set", self.veth[1], "up")
            sh("ip", "-n", self.ns, "link", "set", "lo", "up")

    def start(self):
        self.net()
        sched_file = os.path.join(self.workdir, "scheduler.json")
        if os.path.exists(sched_file):
            os.remove(sched_file)
        self.scheduler = subprocess.Popen(
            [PY, "-m", "distributed.cli.dask_scheduler", "--host", self.host_ip, "--port", "0",
             "--dashboard-address", ":0", "--scheduler-file", sched_file],
            cwd="/", stdout=self.log, stderr=self.log, start_new_session=True)
        self.procs.append(self.scheduler)
        deadline = time.time() + 60
        while not os.path.exists(sched_file) and time.time() < deadline:
            time.sleep(0.1)
        import json
        time.sleep(0.2)
        self.address = json.load(open(sched_file))["address"]
        self.workers = []
        for i in range(self.n):
            in_ns = self.netns and i == self.n - 1
            self.workers.append(self.start_worker(in_ns, "w%d" % i))
        self.wait_workers()
        self.namespaces = mount_namespaces([p.pid for p in self.workers])

    def start_worker(self, in_ns, name):
        # What must stay visible is held at /mnt first (the tmpfs over /tmp
        # would hide it when it lies below): each overlay's lower layer, and
        # with --overlay DIR itself, bound back to its path (the client's
        # files are meant to be seen there, wherever the checkout is).
        mounts = ["mount -t tmpfs flytec-hold /mnt"]
        for j, d in enumerate(self.overlay):
            mounts += ["mkdir /mnt/lower%d" % j, "mount --bind %s /mnt/lower%d" % (d, j)]
        keep = self.overlay and under(self.workdir, "/tmp")
        if keep:
            mounts += ["mkdir /mnt/workdir", "mount --bind %s /mnt/workdir" % self.workdir]
        mounts.append("mount -t tmpfs flytec-tmp /tmp")
        if keep:
            mounts += ["mkdir -p %s" % self.workdir, "mount --bind /mnt/workdir %s" % self.workdir]
        hidden = ["/tmp"]  # a path below one hidden already is hidden with it
        for h in sorted(set(self.hide + ([] if self.overlay else [self.workdir])), key=len):
            if not any(under(h, d) and not (keep and under(h, self.workdir)) for d in hidden):
                mounts.append("mount -t tmpfs flytec-hide %s" % h)
                hidden.append(h)
        # Each overlay's upper and work directories on the worker's own /tmp.
        for j, d in enumerate(self.overlay):
            mounts += ["mkdir -p /tmp/ov{j}/up /tmp/ov{j}/work {d}".format(d=d, j=j),
                       "mount -t overlay flytec-ov -o lowerdir=/mnt/lower{j},upperdir=/tmp/ov{j}/up,"
                       "workdir=/tmp/ov{j}/work {d}".format(d=d, j=j)]
        script = " && ".join(mounts) + " && cd / && exec %s -m distributed.cli.dask_worker %s --host %s " \
            "--nthreads 2 --no-nanny --no-dashboard --name %s --death-timeout 10" % (
                PY, self.address, self.ns_ip if in_ns else self.host_ip, name)
        cmd = ["unshare", "-m", "--propagation", "private", "sh", "-c", script]
        if in_ns:
            cmd = ["ip", "netns", "exec", self.ns] + cmd
        p = subprocess.Popen(cmd, stdout=self.log, stderr=self.log, start_new_session=True)
        self.procs.append(p)
        return p

    def wait_workers(self):
        code = "from distributed import Client; c = Client(%r, timeout=20); c.wait_for_workers(%d, timeout=60)" % (
            self.address, self.n)
        subprocess.run([PY, "-c", code], check=True, stdout=self.log, stderr=self.log)

    def teardown(self):
        for p in self.procs:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                pass
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except Exception:
                pass
        if self.made_ns:
            sh("ip", "netns", "del", self.ns, check=False)
        if self.made_link:
            sh("ip", "link", "del", self.veth[0], check=False)


def relay_stderr(proc, text, seen):
    """Copies CMD's stderr to ours line by line; sets `seen` at the first
    line containing `text`."""
    for line in iter(proc.stderr.readline, b""):
        sys.stderr.buffer.write(line)
        sys.stderr.flush()
        if text.encode() in line:
            seen.set()
    proc.stderr.close()


def watch_and_kill(hosts, proc, spec, victim, resume_on=None, seen=None):
    """Once GLOB matches K files: SIGKILL to the victim, or (pause) SIGSTOP to
    the scheduler for SECS seconds (after `seen` is set, with resume_on),
    then SIGCONT."""
    parts = spec.rsplit(":", 2) if victim == "pause" else spec.rsplit(":", 1)
    pattern, count = parts[0], int(parts[1])
    while proc.poll() is None:
        if len(glob.glob(pattern)) >= count:
            if victim == "pause":
                os.killpg(hosts.scheduler.pid, signal.SIGSTOP)
                sys.stderr.write("paused scheduler\n")
                sys.stderr.flush()
                how = ""
                if resume_on is not None:
                    how = ": %s %s" % (resume_on, "seen while paused" if seen.wait(40) else "not seen in 40s")
                time.sleep(float(parts[2]))
                os.killpg(hosts.scheduler.pid, signal.SIGCONT)
                sys.stderr.write("resumed scheduler%s\n" % how)
                sys.stderr.flush()
                return
            target = hosts.scheduler if victim == "scheduler" else hosts.workers[0]
            os.killpg(target.pid, signal.SIGKILL)
            sys.stderr.write("killed %s\n" % victim)
            return
        time.sleep(0.02)


def main(argv):
    i = argv.index("--")
    opts, cmd = argv[:i], argv[i + 1:]
    workdir, n = opts[0], int(opts[1])
    flags = opts[2:]
    hide, overlay, kill, resume_on = [], [], None, None
    for j, f in enumerate(flags):
        if f == "--resume-on":
            resume_on = flags[j + 1]
        if f == "--hide":
            hide.append(flags[j + 1])
        if f == "--overlay":
            overlay.append(flags[j + 1])
        if f in ("--kill-worker-after", "--kill-scheduler-after", "--pause-scheduler-after"):
            kill = (flags[j + 1], "pause" if "pause" in f else "scheduler" if "scheduler" in f else "worker")
    hosts = Hosts(workdir, n, "--netns" in flags, overlay, hide)

    def on_signal(sig, _frame):
        raise SystemExit(128 + sig)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    status = 1
    try:
        hosts.start()
        env = dict(os.environ, DASK_ADDR=hosts.address)
        proc = subprocess.Popen([c.replace("@ADDR@", hosts.address) for c in cmd], env=env,
                                stderr=subprocess.PIPE if resume_on is not None else None)
        seen, relay = threading.Event(), None
        if resume_on is not None:
            relay = threading.Thread(target=relay_stderr, args=(proc, resume_on, seen), daemon=True)
            relay.start()
        if kill:
            watch_and_kill(hosts, proc, kill[0], kill[1], resume_on, seen)
        status = proc.wait()
        if relay is not None:
            relay.join(timeout=5)
        time.sleep(2)
        print("jobs left: %d" % len(task_processes(hosts.namespaces)), flush=True)
    finally:
        hosts.teardown()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
