#!/usr/bin/env python3
"""flytec lsp memory against `flytec check` on the same file.

For each size of bench.py's generated corpus: the peak RSS of
`flytec check FILE` (from wait4), and the language server's peak RSS
(VmHWM) after opening the same text and applying --edits one-character
edits, each answered by its diagnostics. The ratio is the target: the
server stays within 2x `check` at every size (docs/limits.md).

usage: memory.py FLYTEC [--sizes 5000,20000,50000] [--edits 20]
Prints a Markdown table (bench/README.md holds the last results).
"""
import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import Server, make_source  # noqa: E402


def check_peak_kb(flytec, path):
    proc = subprocess.Popen([flytec, "check", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError("flytec check exited %d" % os.waitstatus_to_exitcode(status))
    return usage.ru_maxrss


def vm_hwm_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM for %d" % pid)


def server_peak_kb(flytec, path, text, ntasks, edits):
    uri = "file://" + path
    s = Server(flytec)
    s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "flyte", "version": 1, "text": text}}})
    s.wait_diagnostics(1)
    lines = text.split("\n")
    for i in range(edits):
        version = i + 2
        line = 8 * (i % ntasks) + 5  # `retries  = 1` of task i: one character
        col = lines[line].index("=") + 2
        change = {"range": {"start": {"line": line, "character": col},
                            "end": {"line": line, "character": col + 1}}, "text": str(i % 10)}
        s.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        s.wait_diagnostics(version)
    peak = vm_hwm_kb(s.proc.pid)
    s.close()
    return peak


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("flytec")
    ap.add_argument("--sizes", default="5000,20000,50000")
    ap.add_argument("--edits", type=int, default=20)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="flytec-lsp-memory-")
    print("| lines | file | check peak RSS | server peak RSS after %d edits | ratio |" % args.edits)
    print("|---|---|---|---|---|")
    for lines in [int(x) for x in args.sizes.split(",")]:
        text, ntasks = make_source(lines)
        path = os.path.join(tmp, "big%d.flyte" % lines)
        with open(path, "w") as f:
            f.write(text)
        check = check_peak_kb(args.flytec, path)
        server = server_peak_kb(args.flytec, path, text, ntasks, args.edits)
        print("| %d | %.2f MB | %.1f MB | %.1f MB | %.2fx |" % (
            lines, len(text) / 1e6, check / 1024, server / 1024, server / check), flush=True)


if __name__ == "__main__":
    main()
