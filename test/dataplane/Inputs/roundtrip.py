#!/usr/bin/env python3
"""Every container task of the corpus runs the same through Flyte's data plane
as under `flytec run`.

For each `.flyte` file of the corpus (below), roundtrip.json (beside this
script) names the workflows to run and their inputs. For each workflow this

  1. runs it whole with `flytec run --trace` (the engine as users run it);
  2. walks the compiled workflow node by node as Flyte's propeller would
     (bindings, attribute paths, sub-workflows, launch plans with their
     defaults and fixed inputs, array nodes), and runs every task node twice
     with the same inputs: once with `flytec run` on a package holding the
     compiled tasks and a one-node workflow whose node is the original node
     (its metadata, overrides and ArrayNode settings as compiled), and once
     through flyte-copilot-rt, Flyte v1.16.5's data plane (copilot
     downloader and uploader, propeller's template rendering), a map
     element by element with -map-index as the ArrayNode handler runs them;
  3. compares the two, output by output: scalars by value, datetimes as
     instants, durations in nanoseconds, structs as JSON, files and
     directories by content (and a blob's single/multipart kind against the
     declared type); a failure on both sides is the same result;
  4. checks the walk against the whole run: the same status for every
     execution the whole run finished, the same workflow outputs.

A task whose two runs differ must carry a data-plane diagnostic (W0310,
E0311, E0315, E0316, E0317, W0318, E0411, E0412, W0413) naming it in `flytec check`
of the source or of the compiled package (DIAGNOSED), or be listed under
"known" with the reason (KNOWN: a difference no diagnostic can catch, such as
a value-dependent one, or a bug not fixed yet; a listed execution that runs
the same fails the test, so the list stays true); otherwise it is a DIFFER
line and the exit status is 1. Every container task of every file must be run at
least once or be listed under "skip" with a reason. A Dask task's container
is the job runner's: on a cluster, the Dask operator starts a scheduler and
workers and gives the job runner DASK_SCHEDULER_ADDRESS; here each copilot-rt
run of a Dask task gets a real Dask cluster of its own on 127.0.0.1 (as many
workers as the task declares, /usr/bin/python3's `distributed`) and that
variable in its container's env.
roundtrip.json may give "stubs" (programs the task's image would hold,
installed for this run only in a private mount namespace over
/usr/local/bin, the same for both runs), "stand_in" outputs for a skipped
node (so the nodes after it run), and "tasks": single task runs with given
inputs, for tasks no workflow run reaches.

Usage: roundtrip.py FLYTEC COPILOT_RT PROTOC PROTO_DIR SRC_ROOT WORK_DIR [PATH...]
  PATHs (files or folders, relative to SRC_ROOT) restrict the run to those
  .flyte files of the corpus: examples/, test/lower/ and this folder's
  fixtures (lang_inputs.flyte, lang_outputs.flyte, partial_map.flyte: the
  parts of the language the examples do not reach). ROUNDTRIP_TIMES=1 shows
  each file's time and every command slower than 0.4 s.
Needs root (copilot-rt and the stubs use mount namespaces).
"""
import calendar
import concurrent.futures
import copy
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
DATAPLANE_CODES = {"W0310", "E0311", "E0315", "E0316", "E0317", "W0318", "E0411", "E0412", "W0413"}
CORPUS = ("examples", "test/lower", "test/dataplane/Inputs")
STORE = "\0store"  # the key of a copilot-rt run's object store among its outputs
DASK_PYTHON = "/usr/bin/python3"  # Debian's python3-distributed
# `flytec run` refuses before running: a command not on this host (E1004), requests above the host's (E1005).
REFUSALS = {"E1004", "E1005"}


class Fatal(Exception):
    pass


# --------------------------------------------------------------------------
# protobuf text format (as `protoc --decode` prints it): a tree of
# [name, value] pairs, value a raw token or a list (a message).

def parse_text(s):
    root = []
    stack = [root]
    for line in s.splitlines():
        t = line.strip()
        if not t:
            continue
        if t == "}":
            stack.pop()
        elif t.endswith(" {"):
            child = []
            stack[-1].append([t[:-2], child])
            stack.append(child)
        else:
            k, v = t.split(": ", 1)
            stack[-1].append([k, v])
    return root


def emit_text(tree, indent=0):
    out = []
    pad = "  " * indent
    for k, v in tree:
        if isinstance(v, list):
            out.append(f"{pad}{k} {{")
            out.append(emit_text(v, indent + 1))
            out.append(f"{pad}}}")
        else:
            out.append(f"{pad}{k}: {v}")
    return "\n".join(x for x in out if x)


def tget(tree, key):
    for k, v in tree:
        if k == key:
            return v
    return None


def tall(tree, key):
    return [v for k, v in tree if k == key]


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unq(tok):
    return tok[1:-1] if tok and tok[0] == '"' else tok


# --------------------------------------------------------------------------
# values: a node's inputs and outputs are kept as `flytec run` prints them
# (JSON; a file or dir is a path), typed by the interface.

def ltype_kind(t):
    if "simple" in t:
        return t["simple"]
    for k in ("blob", "collectionType", "mapValueType", "enumType", "unionType"):
        if k in t:
            return k
    return "?"


def is_dir_type(t):
    return "blob" in t and t["blob"].get("dimensionality") == "MULTIPART"


def literal_to_plain(lit):
    """A protobuf-JSON Literal (or Scalar) of a binding or a default, as a plain JSON value."""
    if "scalar" in lit:
        return scalar_to_plain(lit["scalar"])
    if "collection" in lit:
        return [literal_to_plain(x) for x in lit["collection"].get("literals", [])]
    if "map" in lit:
        return {k: literal_to_plain(v) for k, v in lit["map"].get("literals", {}).items()}
    raise Fatal(f"literal form not handled: {json.dumps(lit)[:200]}")


def scalar_to_plain(s):
    if "primitive" in s:
        p = s["primitive"]
        if "integer" in p:
            return int(p["integer"])
        if "floatValue" in p:
            v = p["floatValue"]
            return float(v) if not isinstance(v, str) else v
        if "stringValue" in p:
            return p["stringValue"]
        if "boolean" in p:
            return p["boolean"]
        if "datetime" in p:
            return p["datetime"]
        if "duration" in p:
            return p["duration"]
        return ""  # an empty string (proto3 omits default values)
    if "noneType" in s:
        return None
    if "generic" in s:
        return s["generic"]
    if "blob" in s:
        return s["blob"]["uri"]
    if "union" in s:
        return literal_to_plain(s["union"]["value"])
    raise Fatal(f"scalar form not handled: {json.dumps(s)[:200]}")


def binding_to_plain(b, lookup):
    if "scalar" in b:
        return scalar_to_plain(b["scalar"])
    if "collection" in b:
        return [binding_to_plain(x, lookup) for x in b["collection"].get("bindings", [])]
    if "map" in b:
        return {k: binding_to_plain(v, lookup) for k, v in b["map"].get("bindings", {}).items()}
    if "union" in b:
        return binding_to_plain(b["union"]["value"], lookup)
    if "promise" in b:
        p = b["promise"]
        v = lookup(p.get("nodeId", ""), p["var"])
        for step in p.get("attrPath", []):
            if "stringValue" in step:
                v = v[step["stringValue"]]
            else:
                v = v[int(step.get("intValue", 0))]
        return v
    raise Fatal(f"binding form not handled: {json.dumps(b)[:200]}")


def for_copilot(v, t):
    """flytectl's JSON form of a plain value: a local file or dir is uploaded ("@path")."""
    if v is None:
        return None
    if "blob" in t:
        return "@" + v
    if "collectionType" in t:
        return [for_copilot(x, t["collectionType"]) for x in v]
    if "mapValueType" in t:
        return {k: for_copilot(x, t["mapValueType"]) for k, x in v.items()}
    if "unionType" in t:
        for var in t["unionType"].get("variants", []):
            if "blob" in var:
                return "@" + v if isinstance(v, str) else v
    return v


def file_digest(p):
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


def tree_digest(p):
    if os.path.isfile(p):
        return {"": file_digest(p)}
    out = {}
    for d, _, fs in os.walk(p):
        for f in fs:
            q_ = os.path.join(d, f)
            out[os.path.relpath(q_, p)] = file_digest(q_)
    return out


RFC3339 = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(\.\d+)?([Zz]|[+-]\d\d:\d\d)$")


def instant(s):
    m = RFC3339.match(s)
    if not m:
        raise ValueError(f"not an RFC 3339 time: {s!r}")
    y, mo, d, h, mi, se = (int(m.group(i)) for i in range(1, 7))
    secs = calendar.timegm((y, mo, d, h, mi, se, 0, 0, 0))
    frac = m.group(7) or ""
    nanos = int((frac[1:] + "000000000")[:9]) if frac else 0
    tz = m.group(8)
    if tz not in ("Z", "z"):
        sign = 1 if tz[0] == "+" else -1
        secs -= sign * (int(tz[1:3]) * 3600 + int(tz[4:6]) * 60)
    return secs, nanos


GO_UNITS = {"ns": 1, "us": 1000, "µs": 1000, "μs": 1000, "ms": 10**6, "s": 10**9, "m": 60 * 10**9, "h": 3600 * 10**9}


def duration_ns(s):
    """Go's time.Duration text (1h30m0s, 1.5s) or protobuf JSON's (5400s)."""
    t = s.strip()
    sign = -1 if t.startswith("-") else 1
    t = t.lstrip("+-")
    if t == "0":
        return 0
    total = Fraction(0)
    pos = 0
    for m in re.finditer(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)", t):
        if m.start() != pos:
            raise ValueError(f"not a duration: {s!r}")
        total += Fraction(m.group(1)) * GO_UNITS[m.group(2)]
        pos = m.end()
    if pos != len(t) or pos == 0:
        raise ValueError(f"not a duration: {s!r}")
    return sign * int(total)


def float_key(v):
    if isinstance(v, str):
        low = v.lower()
        if low in ("nan",):
            return "nan"
        if low in ("inf", "+inf", "infinity", "+infinity"):
            return "inf"
        if low in ("-inf", "-infinity"):
            return "-inf"
        v = float(v)
    v = float(v)
    if math.isnan(v):
        return "nan"
    return repr(v)


def norm_plain(v, t):
    """flytec's JSON value of type t, in comparable form."""
    if v is None:
        return None
    k = ltype_kind(t)
    if k == "INTEGER":
        return ("int", int(v))
    if k == "FLOAT":
        return ("float", float_key(v))
    if k == "STRING":
        return ("str", v)
    if k == "BOOLEAN":
        return ("bool", bool(v))
    if k == "DATETIME":
        return ("datetime", instant(v))
    if k == "DURATION":
        return ("duration", duration_ns(v))
    if k == "STRUCT":
        return ("struct", json.dumps(v, sort_keys=True))
    if k == "blob":
        return ("dir" if is_dir_type(t) else "file", tree_digest(v))
    if k == "enumType":
        return ("str", v)
    if k == "collectionType":
        return ("list", [norm_plain(x, t["collectionType"]) for x in v])
    if k == "mapValueType":
        return ("map", {a: norm_plain(b, t["mapValueType"]) for a, b in sorted(v.items())})
    if k == "unionType":
        return ("union", json.dumps(v, sort_keys=True))
    return ("raw", json.dumps(v, sort_keys=True))


def norm_literal(lit, t, store):
    """Flyte's output literal (protobuf JSON, as copilot-rt prints it) of declared type t, in the
    same comparable form; a literal of another kind than the declared type is a difference."""
    k = ltype_kind(t)
    s = lit.get("scalar")
    if s is not None and "noneType" in s:
        return None
    p = (s or {}).get("primitive", {})
    want = {"INTEGER": "integer", "FLOAT": "floatValue", "STRING": "stringValue", "BOOLEAN": "boolean",
            "DATETIME": "datetime", "DURATION": "duration"}
    if k in want:
        if want[k] not in p and not (s is not None and "primitive" in s and not p):
            raise ValueError(f"a {k} output came back as {json.dumps(lit)[:120]}")
        v = p.get(want[k])
        if k == "INTEGER":
            return ("int", int(v or 0))
        if k == "FLOAT":
            return ("float", float_key(v or 0.0))
        if k == "STRING":
            return ("str", v or "")
        if k == "BOOLEAN":
            return ("bool", bool(v))
        if k == "DATETIME":
            return ("datetime", instant(v))
        return ("duration", duration_ns(v))
    if k == "STRUCT":
        if s is None or "generic" not in s:
            raise ValueError(f"a struct output came back as {json.dumps(lit)[:120]}")
        return ("struct", json.dumps(s["generic"], sort_keys=True))
    if k == "blob":
        if s is None or "blob" not in s:
            raise ValueError(f"a blob output came back as {json.dumps(lit)[:120]}")
        b = s["blob"]
        dim = b.get("metadata", {}).get("type", {}).get("dimensionality", "SINGLE")
        declared = "MULTIPART" if is_dir_type(t) else "SINGLE"
        if dim != declared:
            raise ValueError(f"declared {declared.lower()} blob came back as a {dim.lower()} blob")
        uri = b["uri"]
        m = re.match(r"^s3://([^/]+)/(.*)$", uri)
        if not m:
            raise ValueError(f"blob uri {uri}")
        path = os.path.join(store, m.group(1), m.group(2))
        if not os.path.exists(path):
            raise ValueError(f"blob {uri} is not in the store")
        return ("dir" if declared == "MULTIPART" else "file", tree_digest(path))
    raise ValueError(f"an output of type {k} came back as {json.dumps(lit)[:120]}")


def last_attempts(trace):
    """(node path, index) -> the status of its last attempt in a `flytec run --trace` file. An attempt
    whose command exits 0 but whose outputs do not parse also says `exit 0` (the retry follows)."""
    last = {}
    if os.path.exists(trace):
        for e in json.load(open(trace)).get("traceEvents", []):
            a = e.get("args", {})
            if e.get("ph") == "X" and "node" in a:
                key = (a["node"], a.get("index"))
                if key not in last or a.get("attempt", 0) >= last[key][0]:
                    last[key] = (a.get("attempt", 0), a.get("status", ""))
    return {k: st for k, (_, st) in last.items()}


def named_failures(stderr):
    """(node path, index) of the executions flytec's errors name as failed (E1007, E1008)."""
    fails = set()
    for ln in stderr.splitlines():
        m = re.search(r"error: node `([^`]+)` element (\d+) failed on attempt", ln)
        if m:
            fails.add((m.group(1), int(m.group(2))))
        m = re.search(r"error: node `([^`]+)` failed on attempt", ln)
        if m:
            fails.add((m.group(1), None))
        m = re.search(r"error: map node `([^`]+)`: \d+ of \d+ elements failed \(indexes ([\d, ]+)\)", ln)
        if m:
            fails |= {(m.group(1), int(i)) for i in m.group(2).split(",")}
    return fails


def first_error(stderr, code):
    for ln in stderr.splitlines():
        if ": error: " in ln:
            return ln.split(": error: ", 1)[1].strip()
    return f"exit {code}"


def is_nonfinite(lit):
    v = lit.get("scalar", {}).get("primitive", {}).get("floatValue")
    return isinstance(v, str) and v in ("NaN", "Infinity", "-Infinity")


def show(v):
    s = json.dumps(v, sort_keys=True, default=str)
    return s if len(s) <= 160 else s[:157] + "..."


# --------------------------------------------------------------------------

class Runner:
    def __init__(self, flytec, rt, protoc, protos, src, work):
        self.flytec, self.rt, self.protoc, self.protos = flytec, rt, protoc, protos
        self.src, self.work = src, work

    def run(self, argv, cwd=None, timeout=300):
        start = time.time()
        r = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout)
        if os.environ.get("ROUNDTRIP_TIMES") and time.time() - start > 0.4:
            print(f"slow ({time.time() - start:.1f} s): {' '.join(argv[:6])}", file=sys.stderr)
        return r

    def decode(self, path, kind):
        msg, proto = {"_1": ("flyteidl.admin.TaskSpec", "flyteidl/admin/task.proto"),
                      "_2": ("flyteidl.admin.WorkflowSpec", "flyteidl/admin/workflow.proto"),
                      "_3": ("flyteidl.admin.LaunchPlan", "flyteidl/admin/launch_plan.proto")}[kind]
        with open(path, "rb") as f:
            r = subprocess.run([self.protoc, "-I" + self.protos, "--decode=" + msg, proto], stdin=f,
                               capture_output=True)
        if r.returncode:
            raise Fatal(f"protoc --decode {path}: {r.stderr.decode()[:300]}")
        return parse_text(r.stdout.decode())

    def encode_workflow(self, tree, out):
        self.encode(tree, "flyteidl.admin.WorkflowSpec", "flyteidl/admin/workflow.proto", out)

    def encode(self, tree, msg, proto, out):
        with open(out, "wb") as f:
            r = subprocess.run([self.protoc, "-I" + self.protos, "--encode=" + msg, proto],
                               input=emit_text(tree).encode(), stdout=f, stderr=subprocess.PIPE)
        if r.returncode:
            raise Fatal(f"protoc --encode: {r.stderr.decode()[:300]}")


class dask_cluster:
    """A real Dask cluster on 127.0.0.1 for one run of a Dask task's job runner: a scheduler and
    WORKERS single-threaded worker processes (distributed's LocalCluster) working in DIR, closed on
    exit, or when this script dies (its stdin, a pipe from this script, ends)."""
    CODE = ("import sys\n"
            "from distributed import LocalCluster\n"
            "c = LocalCluster(n_workers=int(sys.argv[1]), threads_per_worker=1, host='127.0.0.1',\n"
            "                 dashboard_address=None)\n"
            "print(c.scheduler_address, flush=True)\n"
            "sys.stdin.read()\n"
            "c.close()\n")

    def __init__(self, workdir, workers):
        self.workdir, self.workers = workdir, workers

    def __enter__(self):
        self.log = open(os.path.join(self.workdir, "dask-cluster.log"), "a")
        self.proc = subprocess.Popen([DASK_PYTHON, "-c", self.CODE, str(self.workers)], cwd=self.workdir,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True)
        address = self.proc.stdout.readline().strip()
        if not address.startswith("tcp://"):
            self.__exit__(None, None, None)
            raise Fatal(f"cannot start a Dask cluster for a Dask task (log: {self.log.name})")
        return address

    def __exit__(self, *exc):
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        self.log.close()


class FileRun:
    """One .flyte file: its package, its workflow runs, its results."""

    def __init__(self, R, rel, conf):
        self.R, self.rel, self.conf = R, rel, conf
        self.dir = os.path.join(R.work, rel.replace("/", "__"))
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        self.cwd = os.path.join(self.dir, "cwd")
        os.makedirs(self.cwd)
        self.src = os.path.join(R.src, rel)
        self.results = []      # dicts: task, where, status, detail
        self.problems = []     # walk vs whole run, coverage: fail the test
        self.notes = []
        self.known_hit = set()
        self.seq = 0

    # ---- package ----
    def load(self):
        R = self.R
        self.pkg = os.path.join(self.dir, "pkg")
        r = R.run([R.flytec, "compile", self.src, "-o", self.pkg])
        if r.returncode:
            raise Fatal(f"compile failed: {r.stderr.strip()[-400:]}")
        jdir = os.path.join(self.dir, "json")
        r = R.run([R.flytec, "compile", self.src, "-o", jdir, "--emit", "json"])
        if r.returncode:
            raise Fatal(f"compile --emit json failed: {r.stderr.strip()[-400:]}")
        self.tasks, self.workflows, self.lps = {}, {}, {}
        self.task_pb, self.task_text = {}, {}
        self.wf_text = {}
        for f in sorted(os.listdir(jdir)):
            d = json.load(open(os.path.join(jdir, f)))
            base = f[:-5]
            kind = base[-2:]
            pb = os.path.join(self.pkg, base + ".pb")
            if kind == "_1":
                name = d["template"]["id"]["name"]
                self.tasks[name] = d["template"]
                self.task_pb[name] = pb
            elif kind == "_2":
                self.workflows[d["template"]["id"]["name"]] = d
                self.wf_text[d["template"]["id"]["name"]] = pb
            elif kind == "_3":
                self.lps[d["id"]["name"]] = d
        # diagnostics of the source and of the package
        self.diags = []
        for target in (self.src, self.pkg):
            r = R.run([R.flytec, "check", "--format=json", target])
            try:
                j = json.loads(r.stdout or "{}")
            except json.JSONDecodeError:
                raise Fatal(f"check --format=json {target}: unparsable output")
            ds = j.get("diagnostics", []) if isinstance(j, dict) else j
            self.diags += [d for d in ds if d.get("code") in DATAPLANE_CODES]
        self.synth_dir = os.path.join(self.dir, "synth")
        os.makedirs(self.synth_dir)
        for name, pb in self.task_pb.items():
            shutil.copy(pb, self.synth_dir)
        self.synth = {}

    def container_tasks(self):
        return sorted(n for n, t in self.tasks.items() if "container" in t and not n.endswith("-arraynode"))

    def short(self, name):
        return name.rsplit(".", 1)[-1]

    def base_task(self, name):
        """The task a map variant maps (`{prefix.}map_{task}_{h}-arraynode`)."""
        m = re.match(r"^(.*?)(?:^|\.)?map_(.+)_[0-9a-f]{16}-arraynode$", name)
        if not m:
            return name
        short = m.group(2)
        for n in self.tasks:
            if self.short(n) == short and not n.endswith("-arraynode"):
                return n
        return name

    def diagnosed(self, task, variant=None):
        names = {self.short(task)} | ({variant, self.short(variant)} if variant else set())
        hits = []
        for d in self.diags:
            msg = d.get("message", "")
            if any(f"`{n}`" in msg for n in names):
                hits.append(d["code"])
        return sorted(set(hits))

    def is_dask(self, name):
        return self.tasks[name].get("type") == "dask"

    def dask_workers(self, name):
        """The worker count a Dask task declares (DaskJob.workers.number_of_workers)."""
        workers = (self.tasks[name].get("custom") or {}).get("workers") or {}
        return int(workers.get("numberOfWorkers") or 1)

    def with_env(self, task, key, value, out):
        """A copy of TASK's spec whose container also has KEY=VALUE in its env, written to OUT."""
        if task not in self.task_text:
            self.task_text[task] = self.R.decode(self.task_pb[task], "_1")
        spec = copy.deepcopy(self.task_text[task])
        container = tget(tget(spec, "template"), "container")
        container.append(["env", [["key", q(key)], ["value", q(value)]]])
        self.R.encode(spec, "flyteidl.admin.TaskSpec", "flyteidl/admin/task.proto", out)
        return out

    def find_node_text(self, wf_name, node_id):
        for spec_name, pb in self.wf_text.items():
            if not isinstance(pb, list):
                pb = self.wf_text[spec_name] = self.R.decode(pb, "_2")
            templates = [tget(pb, "template")] + tall(pb, "sub_workflows")
            for t in templates:
                if unq(tget(tget(t, "id"), "name")) != wf_name:
                    continue
                for n in tall(t, "nodes"):
                    if unq(tget(n, "id")) == node_id:
                        return n
        raise Fatal(f"node {node_id} of {wf_name} not in the decoded package")

    def iface_types(self, task, side):
        if task not in self.task_text:
            self.task_text[task] = self.R.decode(self.task_pb[task], "_1")
        iface = tget(tget(tget(self.task_text[task], "template"), "interface") or [], side) or []
        return [(unq(tget(v, "key")), tget(tget(v, "value"), "type")) for v in tall(iface, "variables")]

    def synth_workflow(self, key, node_text, task, input_names):
        """A package workflow `rt.KEY` running only NODE_TEXT, its inputs those of the workflow."""
        if key in self.synth:
            return self.synth[key]
        node = copy.deepcopy(node_text)
        node = [kv for kv in node if kv[0] not in ("inputs", "upstream_node_ids")]
        binds = [["inputs", [["var", q(n)], ["binding", [["promise", [["var", q(n)]]]]]]] for n in input_names]
        node[1:1] = binds
        arr = tget(node, "array_node")
        if arr is not None:
            inner = tget(arr, "node")
            inner[:] = [kv for kv in inner if kv[0] not in ("inputs", "upstream_node_ids")]
            inner[1:1] = copy.deepcopy(binds)
        node_id = unq(tget(node, "id"))
        ins = dict(self.iface_types(task, "inputs"))
        outs = self.iface_types(task, "outputs")
        wf_name = f"rt.{len(self.synth)}"
        iface = [["inputs", [["variables", [["key", q(n)], ["value", [["type", ins[n]], ["description", q(n)]]]]]
                             for n in input_names]],
                 ["outputs", [["variables", [["key", q(n)], ["value", [["type", t], ["description", q(n)]]]]]
                              for n, t in outs]]]
        tree = [["template", [["id", [["resource_type", "WORKFLOW"], ["name", q(wf_name)]]],
                              ["metadata", []], ["interface", iface], ["nodes", node]]
                 + [["outputs", [["var", q(n)], ["binding", [["promise", [["node_id", q(node_id)], ["var", q(n)]]]]]]]
                    for n, _ in outs]
                 + [["metadata_defaults", []]]]]
        self.R.encode_workflow(tree, os.path.join(self.synth_dir, f"9{len(self.synth):03d}_{wf_name}_2.pb"))
        self.synth[key] = wf_name
        return wf_name

    # ---- one task node, both ways ----
    def local_run(self, wf_name, inputs):
        self.seq += 1
        inf = os.path.join(self.dir, f"local-{self.seq}.json")
        trace = os.path.join(self.dir, f"local-{self.seq}.trace")
        json.dump(inputs, open(inf, "w"))
        r = self.R.run([self.R.flytec, "run", self.synth_dir, "--workflow", wf_name, "--inputs", inf, "--trace", trace,
                        "--no-cache", "-j", "2"], cwd=self.cwd)
        return {"out": json.loads(r.stdout) if r.returncode == 0 else None,
                "last": last_attempts(trace), "failed": named_failures(r.stderr),
                "err": first_error(r.stderr, r.returncode), "codes": set(re.findall(r"\[(E\d{4})\]", r.stderr)),
                "failed_count": {m.group(1): int(m.group(2) or 0) for m in re.finditer(
                    r"node `([^`]+)` done: \d+ of \d+ elements succeeded(?:, (\d+) failed)?", r.stderr)}}

    def copilot_run(self, task, inputs, types, index=None, bound=(), seq=None):
        """Flyte's data plane: (outputs as literals, None) or (None, why). Each run has its own store
        (copilot-rt names uploads by a per-process counter)."""
        if seq is None:
            self.seq += 1
            seq = self.seq
        work = os.path.join(self.dir, f"rt-{seq}")
        inf = work + ".json"
        with open(inf, "w") as f:
            json.dump({n: for_copilot(v, types[n]) for n, v in inputs.items()}, f)
        argv = [self.R.rt, "-task", self.task_pb[task], "-inputs", inf, "-work", work]
        if index is not None:
            argv += ["-map-index", str(index), "-bound", ",".join(bound)]
        if self.is_dask(task):
            with dask_cluster(self.dir, self.dask_workers(task)) as address:
                argv[2] = self.with_env(task, "DASK_SCHEDULER_ADDRESS", address, work + ".pb")
                r = self.R.run(argv)
        else:
            r = self.R.run(argv)
        outs, why = {}, None
        for ln in r.stdout.splitlines():
            if ln.startswith("OUTPUT "):
                name, lit = ln[len("OUTPUT "):].split(": ", 1)
                outs[name] = json.loads(lit)
            elif ln.split(":")[0] in ("DOWNLOAD-ERROR", "RENDER-ERROR", "UPLOAD-ERROR"):
                why = why or ln.strip()
            elif ln.startswith("EXIT: ") and ln != "EXIT: <nil>":
                why = "command " + ln[len("EXIT: "):]  # the first failure: the upload comes after
        if r.returncode != 0:
            return None, why or (r.stderr.strip().splitlines() or [f"copilot-rt exit {r.returncode}"])[-1]
        outs[STORE] = os.path.join(work, "store")
        return outs, None

    def copilot_elements(self, variant, inputs, in_types, indexes, bound):
        """copilot-rt for map elements INDEXES, two at a time."""
        seqs = {}
        for i in indexes:
            self.seq += 1
            seqs[i] = self.seq
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            futs = {i: pool.submit(self.copilot_run, variant, inputs, in_types, i, bound, seqs[i]) for i in indexes}
            return {i: f.result() for i, f in futs.items()}

    def compare_outputs(self, local, flyte, types):
        """Differences between flytec's outputs (JSON) and Flyte's (literals) of one execution."""
        diffs = []
        for n, t in types:
            if n not in flyte:
                diffs.append(f"{n}: no literal from Flyte's uploader")
                continue
            if local.get(n) is None and ltype_kind(t) == "FLOAT" and is_nonfinite(flyte[n]):
                continue  # `flytec run` prints NaN and +-Inf as null (JSON has no such numbers)
            try:
                a = norm_plain(local.get(n), t)
                b = norm_literal(flyte[n], t, flyte[STORE])
            except ValueError as e:
                diffs.append(f"{n}: {e}")
                continue
            if a != b:
                diffs.append(f"{n}: flytec {show(a)}, Flyte {show(b)}")
        return diffs

    def record(self, task, where, status, detail="", variant=None):
        self.results.append({"task": task, "where": where, "status": status, "detail": detail,
                             "variant": variant})

    def classify(self, task, where, diffs, variant=None, detail=""):
        """DIFFS: (element index or None, text). A difference roundtrip.json lists under "known" (by
        WHERE or WHERE[i]) is KNOWN; any other is DIAGNOSED when a data-plane diagnostic names the
        task, else DIFFER."""
        known = self.conf.get("known", {})
        mine, other = [], []
        for i, text in diffs:
            key = where if i is None else f"{where}[{i}]"
            hit = key if key in known else where if where in known else None
            (mine if hit else other).append(("" if i is None else f"[{i}] ") + text)
            if hit:
                self.known_hit.add(hit)
        if other:
            codes = self.diagnosed(task, variant)
            self.record(task, where, "diagnosed" if codes else "differ",
                        "; ".join(other) + (f" [{', '.join(codes)}]" if codes else ""), variant)
        if mine:
            self.record(task, where, "known", "; ".join(mine), variant)
        if not diffs:
            self.record(task, where, "same", detail, variant)

    def run_task_node(self, where, key, node_json, node_text, inputs):
        """Runs a task node or an array node both ways; returns its outputs (flytec's) or None.
        NODE_JSON and NODE_TEXT are the node as compiled (protobuf JSON, and text format to copy)."""
        if "arrayNode" in node_json:
            variant = node_json["arrayNode"]["node"]["taskNode"]["referenceId"]["name"]
            task = self.base_task(variant)
        else:
            variant = None
            task = node_json["taskNode"]["referenceId"]["name"]
        run_as = variant or task
        iface = self.tasks[run_as].get("interface", {})
        in_types = {k: v["type"] for k, v in iface.get("inputs", {}).get("variables", {}).items()}
        out_types = sorted((k, v["type"]) for k, v in iface.get("outputs", {}).get("variables", {}).items())
        skip = self.conf.get("skip", {}).get(self.short(task))
        if skip is not None:
            return self.skip_node(task, where, skip)
        wf = self.synth_workflow(key, node_text, run_as, sorted(inputs))
        L = self.local_run(wf, inputs)
        if L["out"] is None and L["codes"] & REFUSALS:
            return self.skip_node(task, where, f"`flytec run` refuses it on this host: {L['err']}")
        local, lerr, nid = L["out"], L["err"], node_json["id"]
        if variant is None:
            flyte, ferr = self.copilot_run(task, inputs, in_types)
            if local is None and flyte is None:
                self.classify(task, where, [], detail=f"fails both ways (flytec: {lerr}; Flyte: {ferr})")
            elif local is None:
                self.classify(task, where, [(None, f"flytec fails ({lerr}), Flyte succeeds")])
            elif flyte is None:
                self.classify(task, where, [(None, f"Flyte fails ({ferr}), flytec succeeds")])
            else:
                self.classify(task, where, [(None, d) for d in self.compare_outputs(local, flyte, out_types)])
            self.walk_status[(where, None)] = local is not None
            if local is None:
                self.local_failed.append(where)
            return local
        # An array node, element by element. flytec's verdict on element i: its output (null when it
        # failed under success criteria), else the failures its errors name; a map that failed as a
        # whole without naming every failed element (E1007) leaves the others unknown.
        bound = node_json["arrayNode"].get("boundInputs", [])
        if "minSuccesses" in node_json["arrayNode"] or "minSuccessRatio" in node_json["arrayNode"]:
            self.tolerant.add(where)
        mapped = [n for n in inputs if n not in bound]
        size = len(inputs[mapped[0]]) if mapped else 0
        elem_types = [(n, t.get("collectionType", t)) for n, t in out_types]
        all_named = "E1008" in L["codes"]
        # `flytec run` prints a NaN or infinite float as null, as it prints a failed element: the
        # count of failed elements on its progress line tells how many nulls are such floats.
        nulls = {i for i in range(size) if local is not None and out_types
                 and any(local.get(n) is None or local[n][i] is None for n, _ in out_types)}
        nonfinite = len(nulls) - L["failed_count"].get(nid, 0)
        verdicts = {}
        for i in range(size):
            st = L["last"].get((nid, i), "")
            if local is not None:
                verdicts[i] = i not in nulls if out_types else st == "exit 0"
            elif (nid, i) in L["failed"]:
                verdicts[i] = False
            elif all_named and st == "exit 0":
                verdicts[i] = True
            # else the map failed before this element's verdict: nothing to compare
        flytes = self.copilot_elements(variant, inputs, in_types, sorted(verdicts), bound)
        diffs, both_fail, compared = [], 0, len(verdicts)
        for i, lok in sorted(verdicts.items()):
            flyte, ferr = flytes[i]
            if not lok and nonfinite > 0 and flyte is not None and all(
                    local[n][i] is not None or (ltype_kind(t) == "FLOAT" and is_nonfinite(flyte.get(n, {})))
                    for n, t in elem_types):
                nonfinite -= 1
                lok = True
            self.walk_status[(where, i)] = lok
            if not lok and flyte is None:
                both_fail += 1
            elif not lok:
                diffs.append((i, f"flytec fails ({lerr if local is None else 'null in its output list'}), "
                                 "Flyte succeeds"))
            elif flyte is None:
                diffs.append((i, f"Flyte fails ({ferr}), flytec succeeds"))
            elif local is not None:
                diffs += [(i, x) for x in
                          self.compare_outputs({n: local[n][i] for n, _ in out_types}, flyte, elem_types)]
        if local is None:
            self.local_failed.append(where)
        detail = f"{compared} of {size} elements compared" if compared < size else f"{size} elements"
        if both_fail:
            detail += f", {both_fail} failing both ways"
        if local is None:
            detail += f"; the map fails both ways (flytec: {lerr})"
        self.classify(task, where, diffs, variant, detail)
        return local

    def skip_node(self, task, where, why):
        self.skipped.append(where)
        stand = self.conf.get("stand_in", {}).get(where)
        self.record(task, where, "skipped", why + ("; stand-in outputs used downstream" if stand else ""))
        return stand

    # ---- propeller's walk ----
    def lp_inputs(self, lp):
        spec = lp["spec"]
        d = {n: literal_to_plain(p["default"]) for n, p in spec.get("defaultInputs", {}).get("parameters", {}).items()
             if "default" in p}
        fixed = {n: literal_to_plain(v) for n, v in spec.get("fixedInputs", {}).get("literals", {}).items()}
        return d, fixed

    def find_workflow(self, name):
        for n, spec in self.workflows.items():
            if n == name:
                return spec["template"], spec
            for sub in spec.get("subWorkflows", []):
                if sub["id"]["name"] == name:
                    return sub, spec
        raise Fatal(f"workflow {name} not in the package")

    def walk(self, template, inputs, prefix):
        """Runs TEMPLATE's nodes; returns its outputs (None where not available)."""
        outputs = {}   # node id -> dict of outputs, or None
        nodes = {n["id"]: n for n in template.get("nodes", [])}

        def deps(n):
            ds = set(n.get("upstreamNodeIds", []))

            def scan(b):
                if "promise" in b:
                    nid = b["promise"].get("nodeId", "")
                    if nid not in ("", "start-node"):
                        ds.add(nid)
                for x in b.get("collection", {}).get("bindings", []):
                    scan(x)
                for x in b.get("map", {}).get("bindings", {}).values():
                    scan(x)
                if "union" in b:
                    scan(b["union"]["value"])
            for i in n.get("inputs", []):
                scan(i["binding"])
            return ds

        def lookup(nid, var):
            if nid in ("", "start-node"):
                return inputs[var]
            return outputs[nid][var]

        pending = list(nodes)
        while pending:
            ready = [n for n in pending if deps(nodes[n]) <= set(outputs)]
            if not ready:
                break
            for nid in ready:
                pending.remove(nid)
                n = nodes[nid]
                where = prefix + nid
                if any(outputs.get(d) is None for d in deps(n)):
                    outputs[nid] = None
                    self.unreached.append(where)
                    continue
                ins = {i["var"]: binding_to_plain(i["binding"], lookup) for i in n.get("inputs", [])}
                if "taskNode" in n or "arrayNode" in n:
                    outputs[nid] = self.run_task_node(where, where, n, self.find_node_text(template["id"]["name"], nid),
                                                      ins)
                elif "workflowNode" in n:
                    wn = n["workflowNode"]
                    if "subWorkflowRef" in wn:
                        sub, _ = self.find_workflow(wn["subWorkflowRef"]["name"])
                        outputs[nid] = self.walk(sub, ins, where + "/")
                    else:
                        lp = self.lps[wn["launchplanRef"]["name"]]
                        d, fixed = self.lp_inputs(lp)
                        sub, _ = self.find_workflow(lp["spec"]["workflowId"]["name"])
                        outputs[nid] = self.walk(sub, {**d, **ins, **fixed}, where + "/")
                else:
                    raise Fatal(f"node {where}: kind not handled (branch/gate nodes do not run under flytec)")
        for nid in pending:
            self.unreached.append(prefix + nid)
        try:
            return {o["var"]: binding_to_plain(o["binding"], lambda nid, var: (
                inputs[var] if nid in ("", "start-node") else outputs[nid][var]))
                for o in template.get("outputs", [])}
        except (TypeError, KeyError):
            return None

    def resolve_target(self, name):
        cands = [n for n in list(self.lps) + list(self.workflows) if n == name or n.endswith("." + name)]
        lp = next((self.lps[c] for c in cands if c in self.lps), None)
        if lp is None:
            raise Fatal(f"no launch plan or workflow `{name}`")
        return lp

    def abs_inputs(self, values, types):
        def fix(v, t):
            if v is None:
                return None
            if "blob" in t:
                return v if v.startswith("/") or "://" in v else os.path.join(self.R.src, v)
            if "collectionType" in t:
                return [fix(x, t["collectionType"]) for x in v]
            if "mapValueType" in t:
                return {k: fix(x, t["mapValueType"]) for k, x in v.items()}
            return v
        return {n: fix(v, types[n]) if n in types else v for n, v in values.items()}

    def run_workflow(self, spec):
        R = self.R
        lp = self.resolve_target(spec["workflow"])
        template, _ = self.find_workflow(lp["spec"]["workflowId"]["name"])
        types = {n: v["type"] for n, v in template["interface"].get("inputs", {}).get("variables", {}).items()}
        given = self.abs_inputs(spec.get("inputs", {}), types)
        label = spec["workflow"]
        # 1. the whole run
        self.seq += 1
        inf = os.path.join(self.dir, f"whole-{self.seq}.json")
        trace = os.path.join(self.dir, f"whole-{self.seq}.trace")
        json.dump(given, open(inf, "w"))
        whole = R.run([R.flytec, "run", self.src, "--workflow", spec["workflow"], "--inputs", inf, "--trace", trace,
                       "--no-cache", "-j", "2"], cwd=self.cwd)
        # 2. the walk
        d, fixed = self.lp_inputs(lp)
        inputs = {**d, **given, **fixed}
        self.walk_status, self.unreached, self.skipped, self.tolerant, self.local_failed = {}, [], [], set(), []
        outs = self.walk(template, inputs, label + ":")
        # 3. the walk against the whole run
        if whole.returncode == 0:
            got = json.loads(whole.stdout)
            otypes = {n: v["type"] for n, v in template["interface"].get("outputs", {}).get("variables", {}).items()}
            if self.local_failed:
                self.problems.append(f"{label}: the whole run succeeds, node by node "
                                     f"{', '.join(self.local_failed)} fails")
            if outs is None:
                self.problems.append(f"{label}: the whole run succeeds, the node-by-node walk has no outputs")
            else:
                for n, t in otypes.items():
                    if norm_plain(got.get(n), t) != norm_plain(outs.get(n), t):
                        self.problems.append(f"{label}: output {n}: whole run {show(got.get(n))}, "
                                             f"node by node {show(outs.get(n))}")
            self.notes.append(f"{label}: whole run {show(got)}")
        else:
            self.notes.append(f"{label}: whole run fails: {first_error(whole.stderr, whole.returncode)}")
            if not (self.local_failed or self.unreached or self.skipped):
                self.problems.append(f"{label}: the whole run fails, every node succeeds node by node")
        failed = {(label + ":" + n, i) for n, i in named_failures(whole.stderr)}
        for (n, i), st in sorted(last_attempts(trace).items(), key=str):
            key = (label + ":" + n, i)
            if st == "cancelled" or key[0] in self.skipped:
                continue
            if key in failed or st != "exit 0":
                verdict = False
            elif whole.returncode == 0 and (i is None or key[0] not in self.tolerant):
                verdict = True
            else:
                continue  # exit 0, but the outputs may not have parsed: the trace does not say
            name = key[0] + ("" if i is None else f"[{i}]")
            if key not in self.walk_status:
                self.problems.append(f"{name}: ran in the whole run ({st}), not in the node-by-node walk")
            elif self.walk_status[key] != verdict:
                self.problems.append(f"{name}: whole run {'ok' if verdict else 'failed'}, "
                                     f"node by node {'ok' if self.walk_status[key] else 'failed'}")
        for u in self.unreached:
            self.notes.append(f"{u}: not reached (an upstream node failed or was skipped)")

    def run_single_task(self, spec):
        task = next((n for n in self.tasks if self.short(n) == spec["task"] and not n.endswith("-arraynode")), None)
        if task is None:
            raise Fatal(f"no task `{spec['task']}`")
        types = {k: v["type"] for k, v in self.tasks[task]["interface"].get("inputs", {}).get("variables", {}).items()}
        ins = self.abs_inputs(spec.get("inputs", {}), types)
        node = {"id": "n", "taskNode": {"referenceId": {"name": task}}}
        node_text = [["id", q("n")], ["metadata", [["name", q("n")]]],
                     ["task_node", [["reference_id", [["resource_type", "TASK"], ["name", q(task)]]],
                                    ["overrides", []]]]]
        self.walk_status, self.skipped, self.tolerant, self.local_failed = {}, [], set(), []
        self.seq += 1
        self.run_task_node(f"task {spec['task']}:", f"task-{self.seq}", node, node_text, ins)

    def go(self):
        start = time.time()
        try:
            return self._go()
        finally:
            self.seconds = time.time() - start

    def _go(self):
        try:
            self.load()
            for spec in self.conf.get("runs", []):
                self.run_workflow(spec)
            for spec in self.conf.get("tasks", []):
                self.run_single_task(spec)
            for k, why in self.conf.get("known", {}).items():
                if k not in self.known_hit:
                    self.problems.append(f"{k} is listed as a known difference ({why}) but runs the same: "
                                         "remove it from roundtrip.json")
        except Fatal as e:
            self.problems.append(f"cannot run: {e}")
        except subprocess.TimeoutExpired as e:
            self.problems.append(f"timed out: {e.cmd[:3]}")
        return self


def corpus(src):
    files = []
    for top in CORPUS:
        for d, _, fs in os.walk(os.path.join(src, top)):
            files += [os.path.relpath(os.path.join(d, f), src) for f in fs if f.endswith(".flyte")]
    return sorted(files)


def summarize(fr):
    """One row per container task: same / diagnosed / differ / skipped, and why."""
    rows = []
    tasks = fr.container_tasks() if hasattr(fr, "tasks") else []
    for t in tasks:
        rs = [r for r in fr.results if r["task"] == t]
        if any(r["status"] == "differ" for r in rs):
            st = "differ"
        elif any(r["status"] == "diagnosed" for r in rs):
            st = "diagnosed"
        elif any(r["status"] == "known" for r in rs):
            st = "known"
        elif any(r["status"] == "same" for r in rs):
            st = "same"
        elif rs:
            st = "skipped"
        else:
            reason = fr.conf.get("skip", {}).get(fr.short(t))
            if reason is None:
                fr.problems.append(f"task {fr.short(t)}: never run; give it inputs (\"tasks\") or a \"skip\" reason")
                st = "uncovered"
            else:
                st = "skipped"
                rs = [{"where": "-", "status": "skipped", "detail": reason}]
        rows.append((t, st, rs))
    return rows


def main():
    flytec, rt, protoc, protos, src, work = sys.argv[1:7]
    only = sys.argv[7:]
    start = time.time()
    conf_all = json.load(open(os.path.join(HERE, "roundtrip.json")))
    stubs = conf_all.get("stubs", {})
    if stubs and os.environ.get("ROUNDTRIP_IN_NS") != "1":
        # Install the stubs over /usr/local/bin in a private mount namespace and rerun there.
        bindir = os.path.join(work, "stub-bin")
        shutil.rmtree(bindir, ignore_errors=True)
        os.makedirs(bindir)
        for name, body in stubs.items():
            p = os.path.join(bindir, name)
            with open(p, "w") as f:
                f.write(body)
            os.chmod(p, 0o755)
        env = dict(os.environ, ROUNDTRIP_IN_NS="1")
        r = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-ec",
                            'mount --bind "$0" /usr/local/bin; shift; exec "$@"', bindir, "--",
                            sys.executable] + sys.argv, env=env)
        return r.returncode
    files = [f for f in corpus(src) if not only or any(f == o or f.startswith(o.rstrip("/") + "/") for o in only)]
    runs = []
    missing = []
    for rel in files:
        conf = conf_all["files"].get(rel)
        if conf is None:
            missing.append(rel)
            continue
        runs.append(FileRun(Runner(flytec, rt, protoc, protos, src, work), rel, conf))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(lambda fr: fr.go(), runs))
    totals = {"same": 0, "diagnosed": 0, "known": 0, "differ": 0, "skipped": 0, "uncovered": 0}
    problems = []
    for fr in done:
        rows = summarize(fr)
        print(f"== {fr.rel}")
        if os.environ.get("ROUNDTRIP_TIMES"):
            print(f"  time: {fr.seconds:.1f} s")
        for t, st, rs in rows:
            totals[st] += 1
            print(f"  {st.upper():9} {fr.short(t)}")
            for r in rs:
                line = f"      {r['where']} {r['status']}"
                if r["detail"]:
                    line += ": " + r["detail"]
                print(line)
                if r["status"] == "differ":
                    problems.append(f"DIFFER {fr.rel}: {fr.short(t)} at {r['where']}: {r['detail']}")
        for n in fr.notes:
            print(f"  note: {n}")
        problems += [f"PROBLEM {fr.rel}: {p}" for p in fr.problems]
    for rel in missing:
        problems.append(f"PROBLEM {rel}: not in roundtrip.json (give its workflows inputs, or skip it with a reason)")
    for p in problems:
        print(p)
    n = sum(totals.values())
    print(f"roundtrip: {len(done)} files, {n} tasks, {totals['same']} same, {totals['diagnosed']} diagnosed, "
          f"{totals['known']} known, {totals['differ']} differ, {totals['skipped']} skipped, "
          f"{totals['uncovered']} uncovered, "
          f"{len(problems)} problems ({time.time() - start:.0f} s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
