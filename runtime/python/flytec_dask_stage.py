"""Staged mode of flytec's Dask executor: jobs that carry their files
(docs/dask.md, "Staged mode").

Used on both sides. On the client, the bridge packs an attempt's directory
(what the engine laid out: `inputs/...`, an empty `outputs/`) and the host
files or directories its command names (`{{.inputs.f}}` of a file input)
into the job: small files by value, larger ones as content-addressed blobs
(sha256) that the bridge scatters once per run, whatever the number of jobs
that use them. On the worker, the job is laid out in a fresh directory under
the worker's local directory, with the same names below it as the attempt
directory has on the client; the client's paths in argv, environment and
`inputs.json` become the worker's. Afterwards the outputs directory, stdout
and stderr go back as bytes (or, above a threshold and with a store, through
fsspec), and the client writes them into its own attempt directory, so the
engine reads them as it reads a local run's.

It knows nothing of Flyte, and nothing of Dask but what its caller passes.
"""
import hashlib
import os
import shutil
import tempfile

# Files up to this size travel inside the job; larger ones as blobs.
INLINE_LIMIT = 64 * 1024
# stdout/stderr beyond this come back as their last bytes only.
LOG_LIMIT = 4 * 1024 * 1024


def scan_tree(top):
    """[rel, kind, mode, size, full] for everything below `top` (kind d/f/l),
    in os.walk's order (each directory's subdirectories, then its files,
    each sorted, then the subdirectories' contents; a directory that cannot
    be listed is skipped, as os.walk does). Raises OSError for an entry
    whose status cannot be read. One scandir per directory and one lstat
    per entry: a job's attempt directory is scanned once per job."""
    out = []
    _scan_into(top, "", out)
    return out


def _scan_into(directory, prefix, out):
    try:
        with os.scandir(directory) as it:
            entries = list(it)
    except OSError:
        return
    dirs, files = [], []
    for e in entries:
        try:
            (dirs if e.is_dir() else files).append(e)
        except OSError:
            files.append(e)
    dirs.sort(key=lambda e: e.name)
    files.sort(key=lambda e: e.name)
    for is_dir, e in [(True, d) for d in dirs] + [(False, f) for f in files]:
        st = e.stat(follow_symlinks=False)
        rel = prefix + e.name
        if e.is_symlink():
            out.append([rel, "l", 0, 0, e.path])
        elif is_dir:
            out.append([rel, "d", st.st_mode & 0o7777, 0, e.path])
        else:
            out.append([rel, "f", st.st_mode & 0o7777, st.st_size, e.path])
    for e in dirs:
        if not e.is_symlink():
            _scan_into(e.path, prefix + e.name + "/", out)


def _read(path):
    with open(path, "rb") as f:
        return f.read()


class Blobs:
    """The client's content-addressed blobs for one run: sha256 -> the Dask
    future holding the bytes. `ref` hashes a file and notes it for the next
    `scatter` (one client.scatter per round of jobs); a blob is sent once."""

    def __init__(self):
        self.futures = {}   # sha -> future
        self.new = {}       # sha -> bytes, not yet scattered
        self.sent = 0
        self.sent_bytes = 0
        self.reused = 0

    def ref(self, data):
        sha = hashlib.sha256(data).hexdigest()
        if sha in self.futures or sha in self.new:
            self.reused += 1
        else:
            self.new[sha] = data
        return sha

    def scatter(self, client):
        if not self.new:
            return
        shas = list(self.new)
        futs = client.scatter([self.new[s] for s in shas], hash=False)
        for sha, fut in zip(shas, futs):
            self.futures[sha] = fut
            self.sent += 1
            self.sent_bytes += len(self.new[sha])
        self.new = {}

    def resolve(self, stage):
        """The futures of the blobs `stage` names, each once; every entry
        of a blob notes its index in that list. The job travels as opaque
        bytes beside that list, so that Dask walks a short list of futures
        per job, not the job's whole tree, and hands the worker the bytes
        in place of each future (attach_blobs puts them back)."""
        futures, index = [], {}
        for entries in _stage_entries(stage):
            for e in entries:
                if isinstance(e[3], dict) and "blob" in e[3]:
                    sha = e[3]["blob"]
                    if sha not in index:
                        index[sha] = len(futures)
                        futures.append(self.futures[sha])
                    e[3] = {"blob": sha, "index": index[sha]}
        return futures


def _stage_entries(stage):
    return [stage["tree"]] + [p[2] for p in stage["paths"]]


def attach_blobs(stage, blobs):
    """On the worker: the bytes of each blob into the entries naming it."""
    for entries in _stage_entries(stage):
        for e in entries:
            if isinstance(e[3], dict) and "index" in e[3]:
                e[3]["data"] = blobs[e[3]["index"]]


def _pack_tree(top, blobs, inline_limit):
    entries = []
    for rel, kind, mode, size, full in scan_tree(top):
        if kind == "l":
            entries.append([rel, "l", 0, os.readlink(full)])
        elif kind == "d":
            entries.append([rel, "d", mode, None])
        else:
            data = _read(full)
            entries.append([rel, "f", mode, data if len(data) <= inline_limit else {"blob": blobs.ref(data)}])
    return entries


def pack(job, root, named, blobs, storage, threshold, inline_limit=INLINE_LIMIT):
    """The `stage` part of a job whose attempt directory on the client is
    `root`, naming host paths `named` (files or dirs) in its command."""
    paths = []
    for host in named:
        if os.path.isdir(host):
            paths.append([host, "d", _pack_tree(host, blobs, inline_limit)])
        else:
            data = _read(host)
            payload = data if len(data) <= inline_limit else {"blob": blobs.ref(data)}
            paths.append([host, "f", [[os.path.basename(host), "f", os.stat(host).st_mode & 0o7777, payload]]])
    return {"root": root, "tree": _pack_tree(root, blobs, inline_limit) if os.path.isdir(root) else [],
            "paths": paths, "storage": storage or "", "threshold": threshold}


# ---------------------------------------------------------------- worker side


def _write_tree(top, entries):
    for rel, kind, mode, payload in entries:
        full = os.path.join(top, rel)
        if kind == "d":
            os.makedirs(full, exist_ok=True)
            os.chmod(full, mode or 0o755)
        elif kind == "l":
            os.symlink(payload, full)
        else:
            data = payload["data"] if isinstance(payload, dict) else payload
            with open(full, "wb") as f:
                f.write(data)
            os.chmod(full, mode or 0o644)


class Place:
    """One try of a staged job on a worker: its fresh directory, the job with
    the worker's paths, and what goes back."""

    def __init__(self, base, job):
        stage = job["stage"]
        self.dir = tempfile.mkdtemp(prefix="job%s-" % job.get("id", ""), dir=base)
        host_root = stage["root"].rstrip("/")
        self.root = os.path.join(self.dir, os.path.basename(host_root) or "attempt")
        os.makedirs(self.root)
        _write_tree(self.root, stage["tree"])
        subs = [(host_root, self.root)]
        for i, (host, kind, entries) in enumerate(stage["paths"]):
            holder = os.path.join(self.dir, "paths", str(i))
            os.makedirs(holder)
            if kind == "d":
                target = os.path.join(holder, os.path.basename(host.rstrip("/")) or "dir")
                os.makedirs(target)
                _write_tree(target, entries)
            else:
                _write_tree(holder, entries)
                target = os.path.join(holder, entries[0][0])
            subs.append((host, target))
        # Longest first: a named path inside another is replaced whole.
        self.subs = sorted(subs, key=lambda s: -len(s[0]))
        self.stage = stage
        inputs_json = os.path.join(self.root, "inputs", "inputs.json")
        if os.path.isfile(inputs_json):
            with open(inputs_json, "r+", encoding="utf-8") as f:
                text = self.rewrite(f.read())
                f.seek(0)
                f.truncate()
                f.write(text)
        job = dict(job)
        job["argv"] = [self.rewrite(a) for a in job["argv"]]
        job["env"] = [self.rewrite(e) for e in job["env"]]
        job["cwd"] = self.root
        job["stdout"] = os.path.join(self.root, "stdout")
        job["stderr"] = os.path.join(self.root, "stderr")
        job["outputs_dir"] = os.path.join(self.root, "outputs")
        job.pop("cancel_file", None)
        job.pop("channel", None)
        self.job = job

    def rewrite(self, text):
        for host, here in self.subs:
            if host in text:
                text = text.replace(host, here)
        return text

    def collect(self, res):
        """The outputs tree, stdout and stderr, for the client."""
        storage, threshold = self.stage.get("storage"), self.stage.get("threshold") or 0
        out = {"outputs": None, "stdout": _log(self.job["stdout"]), "stderr": _log(self.job["stderr"])}
        top = self.job["outputs_dir"]
        if os.path.isdir(top):
            entries = []
            for rel, kind, mode, size, full in scan_tree(top):
                if kind == "l":
                    entries.append([rel, "l", 0, os.readlink(full)])
                elif kind == "d":
                    entries.append([rel, "d", mode, None])
                elif storage and size >= threshold:
                    entries.append([rel, "f", mode, {"stored": _store(storage, full, self.dir, rel), "size": size}])
                else:
                    entries.append([rel, "f", mode, _read(full)])
            out["outputs"] = entries
        return out

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def _log(path):
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - LOG_LIMIT))
            data = f.read()
        if size > LOG_LIMIT:
            data = b"[flytec: the first %d bytes were left on the worker]\n" % (size - LOG_LIMIT) + data
        return data
    except OSError:
        return b""


def _store(url, full, place_dir, rel):
    import fsspec
    target = "%s/%s/%s" % (url.rstrip("/"), os.path.basename(place_dir), rel)
    with open(full, "rb") as src, fsspec.open(target, "wb", auto_mkdir=True) as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    return target


def materialize(job, local_directory, _worker_file=None):
    base = os.path.join(local_directory, "flytec", "jobs")
    os.makedirs(base, exist_ok=True)
    return Place(base, job)


# ---------------------------------------------------------------- client side


def unpack(staged, job):
    """Writes a finished staged job's outputs, stdout and stderr into its
    attempt directory on the client (files it creates, each through a
    temporary file and a rename). Returns None, or what went wrong as
    reasons of flytec's catalogue."""
    root = job["stage"]["root"]
    _put(job["stdout"], staged.get("stdout") or b"", 0o644)
    _put(job["stderr"], staged.get("stderr") or b"", 0o644)
    entries = staged.get("outputs")
    if entries is None:
        return None
    stored = [(rel, payload["stored"]) for rel, kind, _mode, payload in entries
              if kind == "f" and isinstance(payload, dict)]
    try:
        return _unpack_outputs(entries, os.path.join(root, "outputs"))
    finally:
        if stored:
            _unstore(stored)


def _unpack_outputs(entries, top):
    os.makedirs(top, exist_ok=True)
    for rel, kind, mode, payload in entries:
        full = os.path.join(top, rel)
        if os.path.relpath(full, top).startswith(".."):
            return [["output_outside_outputs_dir", rel]]
        if kind == "d":
            os.makedirs(full, exist_ok=True)
        elif kind == "l":
            os.symlink(payload, full)
        elif isinstance(payload, dict):
            try:
                data = _fetch(payload["stored"])
            except Exception as e:
                return [["output_fetch_failed", rel, payload["stored"], str(e)]]
            if len(data) != payload.get("size", len(data)):
                return [["output_came_back_short", rel, payload["stored"], str(len(data)), str(payload["size"])]]
            _put(full, data, mode)
        else:
            _put(full, payload, mode)
    return None


def _unstore(stored):
    """Removes what one try put in the store, and only that (also when its
    outputs could not all be fetched: what the client reaches goes): each
    file `URL/jobID-XXXX/REL`, then, in a store with real directories (a
    file:// one), the folders below `URL/jobID-XXXX` that held them and that
    folder itself, when empty. The try's folder is its own (a fresh name
    per try, see _store); the store's own folder stays."""
    try:
        import fsspec
    except ImportError:
        return
    folders = {}  # (depth, path) -> its file system
    for rel, url in stored:
        try:
            fs, path = fsspec.core.url_to_fs(url)
            fs.rm(path)
        except Exception:
            continue
        protocol = fs.protocol if isinstance(fs.protocol, (tuple, list)) else (fs.protocol,)
        if not {"file", "local"} & set(protocol):
            continue  # an object store keeps no empty folders
        parts = rel.split("/")
        top = path[:-len(rel)].rstrip("/")  # URL/jobID-XXXX, as a path
        if not path.endswith("/" + rel) or not top:
            continue
        for depth in range(len(parts) - 1, -1, -1):  # deepest first, the try's folder last
            folders[(depth, "/".join([top] + parts[:depth]))] = fs
    for (_depth, folder), fs in sorted(folders.items(), key=lambda f: -f[0][0]):
        try:
            fs.rmdir(folder)  # only when empty
        except Exception:
            pass


def _fetch(url):
    import fsspec
    with fsspec.open(url, "rb") as f:
        return f.read()


def _put(path, data, mode):
    """Writes a file of the attempt directory. A new name is created and
    written in place (O_EXCL: nothing there is ever replaced or truncated,
    and the engine reads it only once the job is reported done); a name
    that exists is replaced through a temporary file and a rename."""
    parent = os.path.dirname(path)
    if not os.path.isdir(parent):
        os.makedirs(parent, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode or 0o644)
    except FileExistsError:
        fd = None
    if fd is not None:
        with open(fd, "wb") as f:
            os.fchmod(fd, mode or 0o644)  # the worker's mode, not ours less the umask
            f.write(data)
        return
    tmp = "%s.flytec-%d.tmp" % (path, os.getpid())
    with open(tmp, "wb") as f:
        f.write(data)
    os.chmod(tmp, mode or 0o644)
    os.replace(tmp, path)
