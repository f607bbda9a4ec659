#!/usr/bin/env python3
"""The same files through every entry point that checks: the same diagnostics.

usage: compare_diagnostics.py FLYTEC FILE...

Each FILE goes through `FLYTEC check --format=json FILE`, `FLYTEC compile
--format=json FILE -o OUT` and the language server (`FLYTEC lsp`: didOpen,
then its textDocument/publishDiagnostics for the file). From each, the
diagnostics of FILE itself (and of the flytec.toml its check read) are
reduced to (code, severity, start, end, message, notes' messages), with
positions as 1-based line and byte column. The language server's positions
(0-based, UTF-16) are converted with the file's text; a flytec.toml problem,
which the server shows at the document's start prefixed with `PATH:LINE:COL:`,
is put back at that place (its end is not comparable, so it is dropped from
all three). Prints one line per file; on a difference, prints both sides and
exits 1.
"""
import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import urllib.parse

# The LSP tests' client reads Content-Length framed messages (test/lsp/Inputs).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lsp", "Inputs"))
from lsp_session import read_messages  # noqa: E402

CONFIG_PREFIX = re.compile(r"^(?P<file>[^:]+\.toml):(?P<line>\d+):(?P<col>\d+): (?P<message>.*)$", re.S)
SEVERITY = {1: "error", 2: "warning", 3: "note"}


def reduced(code, severity, file, start, end, message, notes):
    return {"code": code, "severity": severity, "file": os.path.basename(file), "start": start, "end": end,
            "message": message, "notes": sorted(notes)}


def from_json_document(text, path):
    """The diagnostics of `path` (or of a flytec.toml) in a --format=json document."""
    out = []
    for d in json.loads(text)["diagnostics"]:
        file = d.get("file") or ""
        if os.path.realpath(file) != os.path.realpath(path) and not file.endswith(".toml"):
            continue
        r = d.get("range")
        start = (r["start"]["line"], r["start"]["column"]) if r else None
        end = (r["end"]["line"], r["end"]["column"]) if r else None
        out.append(reduced(d["code"], d["severity"], file, start, end, d["message"],
                           [n["message"] for n in d.get("notes", [])]))
    return out


def run_json(args, path):
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if not proc.stdout.strip():
        raise SystemExit(f"{' '.join(args)}: no JSON on stdout (exit {proc.returncode}): {proc.stderr}")
    return from_json_document(proc.stdout, path)


def byte_column(line_text, utf16_units):
    """1-based byte column of the UTF-16 offset `utf16_units` in `line_text`."""
    encoded = line_text.encode("utf-16-le")[: 2 * utf16_units].decode("utf-16-le", errors="ignore")
    return len(encoded.encode("utf-8")) + 1


def lsp_position(lines, pos):
    text = lines[pos["line"]] if pos["line"] < len(lines) else ""
    return (pos["line"] + 1, byte_column(text, pos["character"]))


def from_lsp(d, path, lines):
    message, file = d["message"], path
    start = lsp_position(lines, d["range"]["start"])
    end = lsp_position(lines, d["range"]["end"])
    m = CONFIG_PREFIX.match(message)
    if m and d["range"]["start"] == d["range"]["end"] == {"line": 0, "character": 0}:
        file, message = m.group("file"), m.group("message")
        start, end = (int(m.group("line")), int(m.group("col"))), None
    notes = [r["message"] for r in d.get("relatedInformation", [])]
    return reduced(d.get("code"), SEVERITY[d["severity"]], file, start, end, message, notes)


class LanguageServer:
    """`flytec lsp` on pipes; publishDiagnostics are collected by URI."""

    def __init__(self, flytec):
        self.proc = subprocess.Popen([flytec, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.messages = queue.Queue()
        threading.Thread(target=read_messages, args=(self.proc.stdout, self.messages), daemon=True).start()
        self.next_id = 1
        self.request("initialize", {"capabilities": {}})
        self.notify("initialized", {})

    def send(self, message):
        body = json.dumps(dict(message, jsonrpc="2.0")).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id)

    def wait(self, wanted):
        while True:
            message = self.messages.get(timeout=20)
            if message is None:
                raise SystemExit("the language server closed its output")
            if wanted(message):
                return message

    def diagnostics(self, path, text):
        uri = "file://" + urllib.parse.quote(os.path.realpath(path))
        self.notify("textDocument/didOpen",
                    {"textDocument": {"uri": uri, "languageId": "flyte", "version": 1, "text": text}})
        published = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                              and m["params"]["uri"] == uri)
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return published["params"]["diagnostics"]

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.wait(timeout=10)


def key(d):
    return (d["file"], d["start"] or (0, 0), d["code"], d["message"])


def comparable(diags):
    """Sorted, and a flytec.toml problem's end dropped (the server cannot show it)."""
    return sorted((dict(d, end=None) if d["file"].endswith(".toml") else d for d in diags), key=key)


def main():
    flytec, paths = sys.argv[1], sys.argv[2:]
    server = LanguageServer(flytec)
    differing = 0
    with tempfile.TemporaryDirectory() as out:
        for path in paths:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            lines = text.split("\n")
            sides = {
                "check": run_json([flytec, "check", "--format=json", path], path),
                "compile": run_json([flytec, "compile", "--format=json", path, "-o",
                                     os.path.join(out, "package.tgz")], path),
                "lsp": [from_lsp(d, path, lines) for d in server.diagnostics(path, text)],
            }
            sides = {name: comparable(diags) for name, diags in sides.items()}
            codes = " ".join(d["code"] for d in sides["check"]) or "none"
            if sides["check"] == sides["compile"] == sides["lsp"]:
                print(f"{os.path.basename(path)}: {len(sides['check'])} agree: {codes}")
                continue
            differing += 1
            print(f"{os.path.basename(path)}: DIFFERENT")
            for name, diags in sides.items():
                print(f"  {name}:")
                for d in diags:
                    print("    " + json.dumps(d, sort_keys=True))
    server.close()
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
