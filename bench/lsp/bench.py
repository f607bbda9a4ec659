#!/usr/bin/env python3
"""flytec lsp latency benchmark (issues 20 and 35).

Measures, against `flytec lsp` in its normal asynchronous mode:
  1. start-up: from spawning the server to the first publishDiagnostics of a
     document opened right after `initialize` (repeated --starts times);
  2. edit latency: on a 5,000-line file, from sending a didChange (one small
     incremental edit) to receiving the publishDiagnostics for that version,
     over --edits edits, p50 and p95. Edits are --gap-ms apart after each
     answer (a person typing). Also the server's CPU time
     (user + system, all threads, from /proc) per edit, which a loaded
     machine inflates far less than the wall times.
  3. the same edits back to back: each sent as soon as the previous one's
     diagnostics arrive (no edit may wait for more than one check).

usage: bench.py FLYTEC [--edits 100] [--starts 20] [--gap-ms 100] [--lines 5000]
Prints a Markdown table (bench/README.md holds the last results).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def make_source(lines):
    out = []
    i = 0
    while len(out) < lines - 12:
        out += [
            "## Task %d." % i,
            "task t%d(x: int, s: str = \"a\") -> int {" % i,
            '    image    = "debian:bookworm-slim"',
            '    script   = "echo {{.inputs.x}} > {{.outputs.o0}}"',
            '    requests = { cpu = "500m", mem = "256Mi" }',
            "    retries  = 1",
            "}",
            "",
        ]
        i += 1
    n = i
    out.append("workflow w(x: int) -> int {")
    out.append("    n0 = t0(x = x)")
    for k in range(1, min(n, 8)):
        out.append("    n%d = t%d(x = n%d)" % (k, k, k - 1))
    out.append("    return n%d" % (min(n, 8) - 1))
    out.append("}")
    return "\n".join(out) + "\n", n


class Server:
    def __init__(self, flytec):
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen([flytec, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def recv(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("server exited")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def wait_diagnostics(self, version):
        while True:
            m = self.recv()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version:
                return m

    def close(self):
        self.send({"jsonrpc": "2.0", "id": 999, "method": "shutdown"})
        self.send({"jsonrpc": "2.0", "method": "exit"})
        self.proc.wait(timeout=10)


def cpu_ms(pid):
    """User + system CPU time of process `pid` so far, in ms (Linux /proc)."""
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")


def percentile(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def open_document(flytec, uri, text):
    """A server with `text` open at `uri` as version 1: (server, ms from its
    start to that version's diagnostics, the diagnostics message)."""
    s = Server(flytec)
    s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "flyte", "version": 1, "text": text}}})
    d = s.wait_diagnostics(1)
    return s, (time.perf_counter() - s.t0) * 1000, d


def timed_edits(s, uri, lines, version, retries_lines, digit, gap_ms):
    """Edit i sets the digit after `=` on line retries_lines[i] (a task's
    `retries`) to digit(i), which must differ from its value before: an edit
    that leaves the text as it was re-parses nothing and would flatter the
    figures. Returns the ms from each didChange to its publishDiagnostics,
    the server's CPU per edit and the last version sent (edits start after
    `version`); gap_ms after each answer."""
    lat = []
    cpu_before = cpu_ms(s.proc.pid)
    for i, line in enumerate(retries_lines):
        version += 1
        col = lines[line].index("=") + 2
        edit = {"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 1}},
                "text": str(digit(i))}
        t = time.perf_counter()
        s.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [edit]}})
        s.wait_diagnostics(version)
        lat.append((time.perf_counter() - t) * 1000)
        time.sleep(gap_ms / 1000)
    return lat, (cpu_ms(s.proc.pid) - cpu_before) / len(lat), version


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("flytec")
    ap.add_argument("--edits", type=int, default=100)
    ap.add_argument("--starts", type=int, default=20)
    ap.add_argument("--gap-ms", type=float, default=100)
    ap.add_argument("--lines", type=int, default=5000)
    args = ap.parse_args()

    text, ntasks = make_source(args.lines)
    tmp = tempfile.mkdtemp(prefix="flytec-lsp-bench-")
    path = os.path.join(tmp, "big.flyte")
    with open(path, "w") as f:
        f.write(text)
    uri = "file://" + path
    small = "task t(x: int) -> int {\n    image = \"i\"\n    script = \"echo {{.inputs.x}} > {{.outputs.o0}}\"\n}\n"

    starts_small, starts_big = [], []
    for _ in range(args.starts):
        s, ms, _ = open_document(args.flytec, uri, small)
        starts_small.append(ms)
        s.close()
        s, ms, _ = open_document(args.flytec, uri, text)
        starts_big.append(ms)
        s.close()

    s, _, d = open_document(args.flytec, uri, text)
    assert d["params"]["diagnostics"] == [], d["params"]["diagnostics"][:3]
    lines = text.split("\n")
    # Typing pace: task i's `retries  = 1` becomes 2..9. Back to back (the
    # next edit as soon as the previous one's diagnostics arrive; an edit must
    # never wait for more than the check in progress): back to 1. --edits is
    # at most the number of tasks, so no task is edited twice in one pass.
    args.edits = min(args.edits, ntasks)
    retries_lines = [8 * k + 5 for k in range(args.edits)]
    lat, cpu_per_edit, version = timed_edits(s, uri, lines, 1, retries_lines, lambda i: i % 8 + 2, args.gap_ms)
    burst, _, _ = timed_edits(s, uri, lines, version, retries_lines, lambda i: 1, 0)
    s.close()

    print("| measure | p50 | p95 | max |")
    print("|---|---|---|---|")
    print("| start -> first diagnostics, 4-line file (%d runs) | %.1f ms | %.1f ms | %.1f ms |"
          % (args.starts, percentile(starts_small, .5), percentile(starts_small, .95), max(starts_small)))
    print("| start -> first diagnostics, %d-line file (%d runs) | %.1f ms | %.1f ms | %.1f ms |"
          % (len(lines) - 1, args.starts, percentile(starts_big, .5), percentile(starts_big, .95), max(starts_big)))
    print("| didChange -> publishDiagnostics, %d-line file (%d edits) | %.1f ms | %.1f ms | %.1f ms |"
          % (len(lines) - 1, args.edits, percentile(lat, .5), percentile(lat, .95), max(lat)))
    print("| didChange -> publishDiagnostics, back to back (%d edits) | %.1f ms | %.1f ms | %.1f ms |"
          % (args.edits, percentile(burst, .5), percentile(burst, .95), max(burst)))
    print("| server CPU per edit (user + system) | %.1f ms | | |" % cpu_per_edit)


if __name__ == "__main__":
    sys.exit(main())
