#!/usr/bin/env python3
"""Random edit sequences through the language server agree with `flytec check`.

usage: random_edits.py FLYTEC --seed N --files K --edits E DIR...

Picks K `.flyte` files under the DIRs (seeded, so every run is the same),
opens each in one `flytec lsp` (its normal asynchronous mode) and applies E
random incremental edits to it: a digit changed, a name replaced by another
name of the file, a line deleted or duplicated, a character inserted or
removed, an earlier text restored (an undo). With --semantic, mostly edits
that keep the text parseable, so the rule checks run, and that change what
other declarations see: a type replaced, a map turned into a plain call, a
declaration moved among the others. After every edit the file on
disk gets the same text and `flytec check --format=json` runs on it; the
server's publishDiagnostics for that version must equal it (the comparison
of compare_diagnostics.py). Whatever the server reuses between versions
(parse caches, check results), it must answer as a fresh check does.
Prints one line per file; on a difference, the edit and both sides, exit 1.
"""
import argparse
import json
import os
import random
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_diagnostics import LanguageServer, comparable, from_lsp, run_json  # noqa: E402

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def position(text, offset):
    """LSP position (0-based line, UTF-16 character) of str index `offset`."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return {"line": line, "character": len(text[start:offset].encode("utf-16-le")) // 2}


TYPE = re.compile(r"\b(int|str|float|bool|file|dir)\b")
MAP = re.compile(r"\bmap\(([A-Za-z_][A-Za-z0-9_.]*)\)")
TOP = re.compile(r"^(?:task|workflow|struct|enum|launchplan)\b", re.M)


def semantic_edit(rng, text, history):
    """(start, end, replacement) or None: an edit that mostly keeps the text
    parseable, so that the rule checks run, and changes what other
    declarations see: a type, a map turned into a call, a declaration moved."""
    kind = rng.choice(["type", "unmap", "move"])
    if kind == "type":
        types = list(TYPE.finditer(text))
        if types:
            m = rng.choice(types)
            return m.start(), m.end(), rng.choice(["int", "str", "float", "bool", "file", "dir", "list[int]"])
    if kind == "unmap":
        maps = list(MAP.finditer(text))
        if maps:
            m = rng.choice(maps)
            return m.start(), m.end(), m.group(1)
    starts = [m.start() for m in TOP.finditer(text)]
    if len(starts) >= 2:
        k = rng.randrange(len(starts))
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        moved = text[starts[k]:end].rstrip("\n") + "\n\n"
        rest = text[:starts[k]] + text[end:]
        at = rng.choice([0] + [m.start() for m in TOP.finditer(rest)] + [len(rest)])
        return 0, len(text), rest[:at] + moved + rest[at:]
    return None


def random_edit(rng, text, history, semantic=False):
    """(start, end, replacement): one edit of `text` by str index."""
    if semantic and rng.random() < 0.6:
        edit = semantic_edit(rng, text, history)
        if edit:
            return edit
        kind = rng.choice(["digit", "name", "undo"])
    else:
        kind = rng.choice(["digit", "name", "delete-line", "duplicate-line", "insert", "remove", "undo"])
    if kind == "digit":
        digits = [m.start() for m in re.finditer(r"\d", text)]
        if digits:
            at = rng.choice(digits)
            return at, at + 1, rng.choice("0123456789")
    if kind == "name":
        names = list(NAME.finditer(text))
        if names:
            m = rng.choice(names)
            return m.start(), m.end(), rng.choice(names).group()
    if kind in ("delete-line", "duplicate-line"):
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        b = rng.choice(starts)
        e = text.find("\n", b)
        e = len(text) if e < 0 else e + 1
        return (b, e, "") if kind == "delete-line" else (b, b, text[b:e])
    if kind == "undo" and history:
        return 0, len(text), rng.choice(history)
    at = rng.randrange(len(text) + 1)
    if kind == "remove" and at < len(text):
        return at, at + 1, ""
    return at, at, rng.choice(" \n\"{}()=,:.x1")


class Editor:
    """One open document in the server, and its copy on disk."""

    def __init__(self, server, path):
        self.server, self.path = server, path
        self.uri = "file://" + urllib.parse.quote(os.path.realpath(path))
        with open(path, encoding="utf-8") as f:
            self.text = f.read()
        self.version = 1
        server.notify("textDocument/didOpen",
                      {"textDocument": {"uri": self.uri, "languageId": "flyte", "version": 1, "text": self.text}})
        self.published(1)

    def published(self, version):
        m = self.server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                             and m["params"]["uri"] == self.uri and m["params"].get("version") == version)
        return m["params"]["diagnostics"]

    def apply(self, start, end, replacement):
        change = {"range": {"start": position(self.text, start), "end": position(self.text, end)},
                  "text": replacement}
        self.text = self.text[:start] + replacement + self.text[end:]
        self.version += 1
        self.server.notify("textDocument/didChange",
                           {"textDocument": {"uri": self.uri, "version": self.version}, "contentChanges": [change]})
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(self.text)
        return self.published(self.version)

    def close(self):
        self.server.notify("textDocument/didClose", {"textDocument": {"uri": self.uri}})


def edit_file(server, flytec, path, rng, edits, semantic):
    """Apply `edits` random edits; None if all agreed, else a report."""
    editor = Editor(server, path)
    history = [editor.text]
    try:
        for n in range(edits):
            edit = random_edit(rng, editor.text, history, semantic)
            published = editor.apply(*edit)
            history.append(editor.text)
            lines = editor.text.split("\n")
            lsp = comparable([from_lsp(d, path, lines) for d in published])
            check = comparable(run_json([flytec, "check", "--format=json", path], path))
            if lsp != check:
                return "\n".join([f"edit {n + 1}: {json.dumps(edit)}", "  check:"]
                                 + ["    " + json.dumps(d, sort_keys=True) for d in check] + ["  lsp:"]
                                 + ["    " + json.dumps(d, sort_keys=True) for d in lsp])
    finally:
        editor.close()
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("flytec")
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--files", type=int, default=10)
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--semantic", action="store_true",
                    help="mostly edits that keep the file parseable and change what other declarations see")
    args = ap.parse_args()
    found = sorted(os.path.join(root, f) for d in args.dirs for root, _, files in os.walk(d)
                   for f in files if f.endswith(".flyte"))
    rng = random.Random(args.seed)
    chosen = rng.sample(found, min(args.files, len(found)))
    server = LanguageServer(args.flytec)
    differing = 0
    for path in chosen:
        report = edit_file(server, args.flytec, path, rng, args.edits, args.semantic)
        name = os.path.relpath(path, os.path.commonpath(args.dirs))
        if report is None:
            print(f"{name}: {args.edits} edits agree")
        else:
            differing += 1
            print(f"{name}: DIFFERENT\n{report}")
    server.close()
    print(f"{differing} of {len(chosen)} files differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
